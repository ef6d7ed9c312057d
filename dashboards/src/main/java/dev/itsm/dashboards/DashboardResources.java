package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipped template and saved-object files, read from the class path ({@code itsm-dashboards/...} in this module's
 * jar, {@code dashboards/src/main/resources/itsm-dashboards/} in the source tree).
 *
 * <p>The files name everything with the default index prefix {@code itsm}. For another prefix, template names, their
 * index patterns, the component templates they are composed of and the data views' index patterns are rewritten;
 * saved-object ids stay as they are.
 */
public final class DashboardResources {

    /** The default index prefix the files are written for. */
    public static final String FILE_PREFIX = "itsm";

    public static final String ROOT = "itsm-dashboards/";

    /** In install order: component templates before the index templates composed of them. */
    public static final List<String> COMPONENT_TEMPLATES = List.of("itsm-settings", "itsm-ecs-base");

    public static final List<String> INDEX_TEMPLATES =
            List.of("itsm-incidents", "itsm-alerts", "itsm-problems", "itsm-sla", "itsm-slo", "itsm-dlq");

    /** Data views first, then what uses them; Kibana resolves references inside one import, the order is for readers. */
    public static final List<String> SAVED_OBJECT_FILES =
            List.of("1-data-views.ndjson", "2-visualizations.ndjson", "3-searches.ndjson", "4-dashboards.ndjson");

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DashboardResources() {
    }

    /** Component templates by name, for the given index prefix. */
    public static Map<String, ObjectNode> componentTemplates(String prefix) {
        Map<String, ObjectNode> templates = new LinkedHashMap<>();
        for (String name : COMPONENT_TEMPLATES) {
            templates.put(rename(name, prefix), readJson("elasticsearch/component-templates/" + name + ".json"));
        }
        return templates;
    }

    /** Index templates by name, for the given index prefix. */
    public static Map<String, ObjectNode> indexTemplates(String prefix) {
        Map<String, ObjectNode> templates = new LinkedHashMap<>();
        for (String name : INDEX_TEMPLATES) {
            ObjectNode template = readJson("elasticsearch/index-templates/" + name + ".json");
            renameAll((ArrayNode) template.get("index_patterns"), prefix);
            renameAll((ArrayNode) template.get("composed_of"), prefix);
            templates.put(rename(name, prefix), template);
        }
        return templates;
    }

    /** Every saved object of every file, in file order, data views pointing at the given index prefix. */
    public static List<ObjectNode> savedObjects(String prefix) {
        List<ObjectNode> objects = new ArrayList<>();
        for (String file : SAVED_OBJECT_FILES) {
            for (ObjectNode object : readNdjson("kibana/" + file)) {
                if ("index-pattern".equals(object.path("type").asText())) {
                    ObjectNode attributes = (ObjectNode) object.get("attributes");
                    attributes.put("title", rename(attributes.path("title").asText(), prefix));
                }
                objects.add(object);
            }
        }
        return objects;
    }

    /** The saved objects as one NDJSON document, as Kibana's import API takes it. */
    public static String savedObjectsNdjson(String prefix) {
        StringBuilder ndjson = new StringBuilder();
        for (ObjectNode object : savedObjects(prefix)) {
            ndjson.append(object.toString()).append('\n');
        }
        return ndjson.toString();
    }

    /** {@code itsm-incidents*} with prefix {@code noc} is {@code noc-incidents*}. */
    static String rename(String name, String prefix) {
        if (!name.startsWith(FILE_PREFIX + "-")) {
            throw new IllegalStateException("'" + name + "' does not start with '" + FILE_PREFIX + "-'");
        }
        return prefix + name.substring(FILE_PREFIX.length());
    }

    private static void renameAll(ArrayNode names, String prefix) {
        for (int i = 0; i < names.size(); i++) {
            names.set(i, rename(names.get(i).asText(), prefix));
        }
    }

    static ObjectNode readJson(String path) {
        try {
            return (ObjectNode) MAPPER.readTree(read(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + ROOT + path, e);
        }
    }

    static List<ObjectNode> readNdjson(String path) {
        List<ObjectNode> objects = new ArrayList<>();
        String[] lines = read(path).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode node = MAPPER.readTree(lines[i]);
                objects.add((ObjectNode) node);
            } catch (IOException | ClassCastException e) {
                throw new IllegalStateException("cannot parse " + ROOT + path + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return objects;
    }

    static String read(String path) {
        try (InputStream in = DashboardResources.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + path, e);
        }
    }
}
