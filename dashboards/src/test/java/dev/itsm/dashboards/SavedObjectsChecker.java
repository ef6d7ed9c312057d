package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Kibana saved objects against each other and against the index templates, the way a broken import or an empty
 * panel would otherwise show it only in a browser:
 * <ul>
 *   <li>every reference names an object in the files (type and id), and every reference a panel, a Lens layer, a
 *       control or a saved search relies on by name is there;</li>
 *   <li>every data view's index pattern is one an index template covers, and its time field is a date there;</li>
 *   <li>every field a Lens column, a column filter, a query, a saved search column or sort, or a control uses is mapped
 *       in the index template of the data view it reads (dotted paths through {@code properties} and multi-fields).</li>
 * </ul>
 * {@link #check} returns the problems as sentences; none means the files are consistent.
 */
final class SavedObjectsChecker {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // a KQL field name before ':'; quoted values are removed first so "a:b" inside a value is not a field
    private static final Pattern KQL_FIELD = Pattern.compile("(?<![\\w.@*])([A-Za-z@_][\\w.@]*)\\s*:");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String RECORDS = "___records___";

    /** Mapped field paths (leaves and multi-fields) to their type, by index pattern. */
    private final Map<String, Map<String, String>> fieldsByPattern = new HashMap<>();
    private final Map<String, JsonNode> objects = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private SavedObjectsChecker(Map<String, ObjectNode> componentTemplates, Map<String, ObjectNode> indexTemplates) {
        indexTemplates.forEach((name, template) -> {
            Map<String, String> fields = new HashMap<>();
            for (JsonNode component : template.path("composed_of")) {
                ObjectNode c = componentTemplates.get(component.asText());
                if (c == null) {
                    problems.add("index template " + name + " is composed of the unknown component template " + component.asText());
                } else {
                    collect("", c.path("template").path("mappings").path("properties"), fields);
                }
            }
            collect("", template.path("template").path("mappings").path("properties"), fields);
            for (JsonNode pattern : template.path("index_patterns")) {
                fieldsByPattern.put(pattern.asText(), fields);
            }
        });
    }

    static List<String> check(Map<String, ObjectNode> componentTemplates, Map<String, ObjectNode> indexTemplates,
                              List<ObjectNode> savedObjects) {
        SavedObjectsChecker checker = new SavedObjectsChecker(componentTemplates, indexTemplates);
        for (ObjectNode object : savedObjects) {
            String key = key(object.path("type").asText(), object.path("id").asText());
            if (checker.objects.put(key, object) != null) {
                checker.problems.add("two objects are " + key);
            }
        }
        checker.objects.values().forEach(checker::checkObject);
        return checker.problems;
    }

    private static void collect(String prefix, JsonNode properties, Map<String, String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix + field.getKey();
            JsonNode mapping = field.getValue();
            if (mapping.has("properties")) {
                collect(path + ".", mapping.get("properties"), into);
            } else if (mapping.path("enabled").asBoolean(true) && mapping.has("type") && !"object".equals(mapping.path("type").asText())) {
                into.put(path, mapping.get("type").asText());
                mapping.path("fields").fields().forEachRemaining(sub -> into.put(path + "." + sub.getKey(), sub.getValue().path("type").asText()));
            }
        }
    }

    private void checkObject(JsonNode object) {
        String type = object.path("type").asText();
        String what = type + " " + object.path("id").asText();
        for (String required : List.of("id", "type", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion")) {
            if (!object.has(required)) {
                problems.add(what + " has no " + required);
            }
        }
        for (JsonNode reference : object.path("references")) {
            if (!objects.containsKey(key(reference.path("type").asText(), reference.path("id").asText()))) {
                problems.add(what + ": reference " + reference.path("name").asText() + " points to "
                        + reference.path("type").asText() + " " + reference.path("id").asText() + ", which is in no file");
            }
        }
        JsonNode attributes = object.path("attributes");
        switch (type) {
            case "index-pattern" -> checkDataView(what, attributes);
            case "lens" -> checkLens(what, object, attributes);
            case "search" -> checkSearch(what, object, attributes);
            case "dashboard" -> checkDashboard(what, object, attributes);
            default -> problems.add(what + ": unexpected type " + type);
        }
    }

    private void checkDataView(String what, JsonNode attributes) {
        String title = attributes.path("title").asText();
        Map<String, String> fields = fieldsByPattern.get(title);
        if (fields == null) {
            problems.add(what + ": no index template has the index pattern " + title);
            return;
        }
        if (attributes.has("timeFieldName") && !"date".equals(fields.get(attributes.path("timeFieldName").asText()))) {
            problems.add(what + ": time field " + attributes.path("timeFieldName").asText() + " is not a date in the template for " + title);
        }
    }

    private void checkLens(String what, JsonNode object, JsonNode attributes) {
        JsonNode state = attributes.path("state");
        JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
        if (layers.isEmpty()) {
            problems.add(what + " has no layers");
        }
        Set<String> columnIds = new HashSet<>();
        List<Map<String, String>> layerFields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            layer.getValue().path("columns").fieldNames().forEachRemaining(columnIds::add);
            String refName = "indexpattern-datasource-layer-" + layer.getKey();
            Map<String, String> fields = dataViewFields(what, object, refName);
            if (fields == null) {
                continue;
            }
            layerFields.add(fields);
            for (Iterator<Map.Entry<String, JsonNode>> cols = layer.getValue().path("columns").fields(); cols.hasNext(); ) {
                Map.Entry<String, JsonNode> column = cols.next();
                String field = column.getValue().path("sourceField").asText(RECORDS);
                if (!RECORDS.equals(field)) {
                    requireField(what, "column " + column.getValue().path("label").asText(), field, fields);
                }
                kqlFields(column.getValue().path("filter").path("query").asText(""))
                        .forEach(f -> requireField(what, "column filter", f, fields));
            }
            for (JsonNode id : layer.getValue().path("columnOrder")) {
                if (!layer.getValue().path("columns").has(id.asText())) {
                    problems.add(what + ": column order names the missing column " + id.asText());
                }
            }
        }
        for (String field : kqlFields(state.path("query").path("query").asText(""))) {
            layerFields.forEach(fields -> requireField(what, "query", field, fields));
        }
        // the visualization's accessors must name columns of the layers
        for (String accessor : accessors(state.path("visualization"))) {
            if (!columnIds.contains(accessor)) {
                problems.add(what + ": the visualization uses the missing column " + accessor);
            }
        }
    }

    private static List<String> accessors(JsonNode visualization) {
        List<String> ids = new ArrayList<>();
        visualization.findValues("xAccessor").forEach(n -> ids.add(n.asText()));
        visualization.findValues("splitAccessor").forEach(n -> ids.add(n.asText()));
        visualization.findValues("metricAccessor").forEach(n -> ids.add(n.asText()));
        visualization.findValues("columnId").forEach(n -> ids.add(n.asText()));
        for (String arrayField : List.of("accessors", "primaryGroups", "metrics")) {
            visualization.findValues(arrayField).forEach(a -> a.forEach(n -> ids.add(n.asText())));
        }
        return ids;
    }

    private void checkSearch(String what, JsonNode object, JsonNode attributes) {
        JsonNode source = parse(what, "searchSourceJSON", attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
        if (source == null) {
            return;
        }
        Map<String, String> fields = dataViewFields(what, object, source.path("indexRefName").asText());
        if (fields == null) {
            return;
        }
        attributes.path("columns").forEach(c -> requireField(what, "column", c.asText(), fields));
        attributes.path("sort").forEach(s -> requireField(what, "sort", s.path(0).asText(), fields));
        kqlFields(source.path("query").path("query").asText("")).forEach(f -> requireField(what, "query", f, fields));
        for (JsonNode filter : source.path("filter")) {
            requireField(what, "filter", filter.path("meta").path("key").asText(), fields);
        }
    }

    private void checkDashboard(String what, JsonNode object, JsonNode attributes) {
        JsonNode panels = parse(what, "panelsJSON", attributes.path("panelsJSON").asText());
        if (panels == null) {
            return;
        }
        for (JsonNode panel : panels) {
            String name = panel.path("panelIndex").asText() + ":" + panel.path("panelRefName").asText();
            JsonNode reference = reference(object, name);
            if (reference == null) {
                problems.add(what + ": panel " + panel.path("panelIndex").asText() + " has no reference named " + name);
            } else if (!reference.path("type").asText().equals(panel.path("type").asText())) {
                problems.add(what + ": panel " + panel.path("panelIndex").asText() + " is a " + panel.path("type").asText()
                        + " but its reference is a " + reference.path("type").asText());
            }
        }
        JsonNode controls = attributes.path("controlGroupInput").path("panelsJSON");
        if (!controls.isMissingNode()) {
            JsonNode parsed = parse(what, "controlGroupInput.panelsJSON", controls.asText());
            if (parsed != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = parsed.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> control = it.next();
                    Map<String, String> fields = dataViewFields(what, object, "controlGroup_" + control.getKey() + ":optionsListDataView");
                    if (fields != null) {
                        requireField(what, "control", control.getValue().path("explicitInput").path("fieldName").asText(), fields);
                    }
                }
            }
        }
        JsonNode source = parse(what, "searchSourceJSON", attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
        if (source != null && !source.path("filter").isEmpty()) {
            problems.add(what + ": dashboard-level filters are not checked; put them in the panels");
        }
    }

    /** The fields of the data view the named reference points to, or null (after recording why). */
    private Map<String, String> dataViewFields(String what, JsonNode object, String referenceName) {
        JsonNode reference = reference(object, referenceName);
        if (reference == null) {
            problems.add(what + " has no reference named " + referenceName);
            return null;
        }
        if (!"index-pattern".equals(reference.path("type").asText())) {
            problems.add(what + ": reference " + referenceName + " should be an index-pattern, is " + reference.path("type").asText());
            return null;
        }
        JsonNode dataView = objects.get(key("index-pattern", reference.path("id").asText()));
        if (dataView == null) {
            return null; // already reported as a dangling reference
        }
        return fieldsByPattern.get(dataView.path("attributes").path("title").asText());
    }

    private void requireField(String what, String use, String field, Map<String, String> fields) {
        if (fields != null && !fields.containsKey(field)) {
            problems.add(what + ": " + use + " uses the field '" + field + "', which its index template does not map");
        }
    }

    private static JsonNode reference(JsonNode object, String name) {
        for (JsonNode reference : object.path("references")) {
            if (name.equals(reference.path("name").asText())) {
                return reference;
            }
        }
        return null;
    }

    private JsonNode parse(String what, String field, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            problems.add(what + ": " + field + " is not JSON: " + e.getMessage());
            return null;
        }
    }

    static Set<String> kqlFields(String kql) {
        Set<String> fields = new HashSet<>();
        Matcher m = KQL_FIELD.matcher(QUOTED.matcher(kql).replaceAll("\"\""));
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }

    private static String key(String type, String id) {
        return type + "/" + id;
    }
}
