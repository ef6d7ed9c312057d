package dev.itsm.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks saved objects against what Kibana 8.19 does with them on import ({@code POST /api/saved_objects/_import}) and
 * when its apps load them, as read in Kibana's source (no Kibana runs here; {@code dashboards/KIBANA-8.19.md} lists the
 * files each rule comes from):
 * <ul>
 *   <li>migration versions: a {@code typeMigrationVersion} newer than the newest migration or model version Kibana
 *       knows for the type, or a {@code coreMigrationVersion} newer than Kibana itself, is rejected ("belongs to a more
 *       recent version of Kibana"); an older one is migrated up;</li>
 *   <li>attributes: after migrating, import validates attributes against the type's create schema; the search schema
 *       forbids unknown attributes, the others ignore them (and nothing reads them);</li>
 *   <li>Lens: the visualization types and form-based operation types Lens registers, the state shapes its 8.5 to 8.9
 *       migrations leave (an 8.9.0 document is not migrated again), visualization layers that name datasource
 *       layers;</li>
 *   <li>dashboards: panels by reference as Kibana's reference extraction writes them ({@code panelRefName}
 *       {@code panel_<panelIndex>}), on the 48-column grid;</li>
 *   <li>saved searches: the index reference name the data plugin writes.</li>
 * </ul>
 * {@link #check} returns the problems as sentences; none means Kibana 8.19 should import and show the objects as written.
 */
final class Kibana819Rules {

    static final String KIBANA_VERSION = "8.19.0";

    /**
     * Per type, the newest {@code typeMigrationVersion} Kibana 8.19 can be shown to know: index-pattern's namespace
     * conversion (8.0.0), Lens's last legacy migration (8.9.0), and model versions (virtual version 10.N.0) 5 of search
     * and 2 of dashboard, both present before 8.18. Kibana 8.19 may know newer ones; these are what the files may use.
     */
    static final Map<String, String> NEWEST_TYPE_VERSIONS =
            Map.of("index-pattern", "8.0.0", "lens", "8.9.0", "search", "10.5.0", "dashboard", "10.2.0");

    /** The attributes each type's schema or attribute interface has (search: model version 5; dashboard: 1 and 2). */
    static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "index-pattern", Set.of("title", "timeFieldName", "fields", "fieldAttrs", "fieldFormatMap", "runtimeFieldMap",
                    "sourceFilters", "allowNoIndex", "allowHidden", "name", "type", "typeMeta"),
            "lens", Set.of("title", "description", "visualizationType", "state", "uiStateJSON", "visState", "savedSearchRefName"),
            "search", Set.of("title", "description", "columns", "sort", "grid", "rowHeight", "rowsPerPage", "hideChart",
                    "breakdownField", "kibanaSavedObjectMeta", "isTextBasedQuery", "usesAdHocDataView", "timeRestore",
                    "timeRange", "refreshInterval", "viewMode", "hideAggregatedPreview", "hits", "version", "sampleSize",
                    "headerRowHeight", "visContext", "density"),
            "dashboard", Set.of("title", "description", "kibanaSavedObjectMeta", "timeRestore", "timeFrom", "timeTo",
                    "refreshInterval", "controlGroupInput", "panelsJSON", "optionsJSON", "hits", "version"));

    static final Set<String> VISUALIZATION_TYPES = Set.of("lnsXY", "lnsPie", "lnsHeatmap", "lnsGauge", "lnsDatatable",
            "lnsLegacyMetric", "lnsMetric", "lnsChoropleth", "lnsTagcloud");

    static final Set<String> OPERATION_TYPES = Set.of("filters", "terms", "date_histogram", "range", "min", "max",
            "average", "unique_count", "sum", "standard_deviation", "median", "percentile", "percentile_rank",
            "last_value", "count", "cumulative_sum", "counter_rate", "differences", "moving_average", "math", "formula",
            "overall_sum", "overall_min", "overall_max", "overall_average", "static_value", "normalize_by_unit",
            "time_range", "now", "interval");

    /** The operations that bucket (their columns have {@code isBucketed: true}); every other one is a metric. */
    static final Set<String> BUCKET_OPERATIONS = Set.of("terms", "date_histogram", "range", "filters");

    /** The operations on one field, whose column names it in {@code sourceField}. */
    static final Set<String> FIELD_OPERATIONS = Set.of("terms", "date_histogram", "range", "min", "max", "average",
            "unique_count", "sum", "standard_deviation", "median", "percentile", "percentile_rank", "last_value", "count");

    static final Set<String> SERIES_TYPES = Set.of("bar", "line", "area", "bar_stacked", "area_stacked", "bar_horizontal",
            "bar_percentage_stacked", "bar_horizontal_stacked", "area_percentage_stacked", "bar_horizontal_percentage_stacked");

    static final Set<String> PIE_SHAPES = Set.of("pie", "donut", "treemap", "mosaic", "waffle");

    /** Datatable row heights; {@code single} survives only as a legacy value that newer Lens rewrites. */
    static final Set<String> ROW_HEIGHTS = Set.of("auto", "custom");

    static final int GRID_COLUMNS = 48;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OBJECT_KEYS = Set.of("id", "type", "attributes", "references", "coreMigrationVersion",
            "typeMigrationVersion", "managed", "namespaces", "originId", "created_at", "updated_at", "version");

    private final List<String> problems = new ArrayList<>();

    private Kibana819Rules() {
    }

    static List<String> check(List<ObjectNode> savedObjects) {
        Kibana819Rules rules = new Kibana819Rules();
        savedObjects.forEach(rules::checkObject);
        return rules.problems;
    }

    private void checkObject(JsonNode object) {
        String type = object.path("type").asText();
        String what = type + " " + object.path("id").asText();
        object.fieldNames().forEachRemaining(key -> {
            if (!OBJECT_KEYS.contains(key)) {
                problems.add(what + ": '" + key + "' is not a field of an exported saved object");
            }
        });
        checkVersions(what, type, object);
        Set<String> known = ATTRIBUTES.get(type);
        if (known == null) {
            problems.add(what + ": Kibana 8.19 has no importable type " + type + " that these rules know");
            return;
        }
        JsonNode attributes = object.path("attributes");
        attributes.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(what + ": attribute " + key + " is not in Kibana 8.19's " + type + " schema");
            }
        });
        if (!attributes.path("title").isTextual()) {
            problems.add(what + ": the title attribute, which the " + type + " schema requires, is not a string");
        }
        switch (type) {
            case "lens" -> checkLens(what, attributes);
            case "search" -> checkSearch(what, attributes);
            case "dashboard" -> checkDashboard(what, attributes);
            default -> { }
        }
    }

    private void checkVersions(String what, String type, JsonNode object) {
        String core = object.path("coreMigrationVersion").asText("");
        if (!isVersion(core)) {
            problems.add(what + ": coreMigrationVersion '" + core + "' is not a semver version");
        } else if (compare(core, KIBANA_VERSION) > 0) {
            problems.add(what + ": coreMigrationVersion " + core + " belongs to a Kibana newer than " + KIBANA_VERSION);
        }
        String typeVersion = object.path("typeMigrationVersion").asText("");
        String newest = NEWEST_TYPE_VERSIONS.get(type);
        if (!isVersion(typeVersion)) {
            problems.add(what + ": typeMigrationVersion '" + typeVersion + "' is not a semver version");
        } else if (newest != null && compare(typeVersion, newest) > 0) {
            problems.add(what + ": typeMigrationVersion " + typeVersion + " is newer than " + newest
                    + ", the newest version of " + type + " Kibana 8.19 is known to have");
        }
    }

    private void checkLens(String what, JsonNode attributes) {
        String visualizationType = attributes.path("visualizationType").asText();
        if (!VISUALIZATION_TYPES.contains(visualizationType)) {
            problems.add(what + ": visualization type " + visualizationType + " is not one Lens registers");
        }
        JsonNode state = attributes.path("state");
        state.path("datasourceStates").fieldNames().forEachRemaining(datasource -> {
            if (!Set.of("formBased", "textBased").contains(datasource)) {
                problems.add(what + ": datasource " + datasource + " is not formBased or textBased (Lens renamed "
                        + "indexpattern to formBased in its 8.6.0 migration, which does not run on a newer document)");
            }
        });
        JsonNode layers = state.path("datasourceStates").path("formBased").path("layers");
        for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            JsonNode columns = layer.getValue().path("columns");
            for (Iterator<Map.Entry<String, JsonNode>> cols = columns.fields(); cols.hasNext(); ) {
                checkColumn(what, cols.next().getValue(), columns);
            }
        }
        JsonNode visualization = state.path("visualization");
        switch (visualizationType) {
            case "lnsXY" -> checkXy(what, visualization, layers);
            case "lnsPie" -> checkPie(what, visualization, layers);
            case "lnsMetric" -> {
                checkDataLayer(what, visualization, layers);
                if (visualization.has("accessor")) {
                    problems.add(what + ": a metric keeps its value in metricAccessor; accessor is the legacy metric's");
                }
            }
            case "lnsDatatable" -> {
                checkDataLayer(what, visualization, layers);
                for (String key : List.of("rowHeight", "headerRowHeight")) {
                    if (visualization.has(key) && !ROW_HEIGHTS.contains(visualization.path(key).asText())) {
                        problems.add(what + ": " + key + " " + visualization.path(key).asText() + " is not one of " + sorted(ROW_HEIGHTS));
                    }
                }
            }
            default -> { }
        }
    }

    private void checkColumn(String what, JsonNode column, JsonNode columns) {
        String label = column.path("label").asText();
        String operation = column.path("operationType").asText();
        if (!OPERATION_TYPES.contains(operation)) {
            problems.add(what + ": column " + label + " has the operation " + operation + ", which Lens does not have");
            return;
        }
        if (column.path("isBucketed").asBoolean() != BUCKET_OPERATIONS.contains(operation)) {
            problems.add(what + ": column " + label + " (" + operation + ") has isBucketed " + column.path("isBucketed").asBoolean());
        }
        if (FIELD_OPERATIONS.contains(operation) && !column.path("sourceField").isTextual()) {
            problems.add(what + ": column " + label + " (" + operation + ") names no sourceField");
        }
        JsonNode orderBy = column.path("params").path("orderBy");
        if ("column".equals(orderBy.path("type").asText()) && !columns.has(orderBy.path("columnId").asText())) {
            problems.add(what + ": column " + label + " is ordered by the missing column " + orderBy.path("columnId").asText());
        }
    }

    private void checkXy(String what, JsonNode visualization, JsonNode layers) {
        checkOneOf(what, "preferredSeriesType", visualization.path("preferredSeriesType").asText(), SERIES_TYPES);
        if (!visualization.path("legend").path("isVisible").isBoolean() || !visualization.path("legend").path("position").isTextual()) {
            problems.add(what + ": the XY legend needs isVisible and position");
        }
        for (JsonNode layer : visualization.path("layers")) {
            String layerType = layer.path("layerType").asText();
            if ("data".equals(layerType)) {
                checkDataLayer(what, layer, layers);
                checkOneOf(what, "seriesType", layer.path("seriesType").asText(), SERIES_TYPES);
            } else if (!Set.of("referenceLine", "annotations").contains(layerType)) {
                problems.add(what + ": XY layer " + layer.path("layerId").asText() + " has layerType '" + layerType + "'");
            }
        }
    }

    private void checkPie(String what, JsonNode visualization, JsonNode layers) {
        checkOneOf(what, "shape", visualization.path("shape").asText(), PIE_SHAPES);
        for (JsonNode layer : visualization.path("layers")) {
            checkDataLayer(what, layer, layers);
            // the 8.5.0 and 8.6.0 migrations turned groups into primaryGroups and metric into metrics
            if (!layer.path("primaryGroups").isArray() || !layer.path("metrics").isArray()) {
                problems.add(what + ": a partition layer needs the arrays primaryGroups and metrics");
            }
            checkOneOf(what, "numberDisplay", layer.path("numberDisplay").asText(), Set.of("hidden", "percent", "value"));
            checkOneOf(what, "categoryDisplay", layer.path("categoryDisplay").asText(), Set.of("default", "inside", "hide"));
            checkOneOf(what, "legendDisplay", layer.path("legendDisplay").asText(), Set.of("default", "show", "hide"));
        }
    }

    /** A visualization layer of data: {@code layerType} data and a {@code layerId} the form-based datasource has. */
    private void checkDataLayer(String what, JsonNode layer, JsonNode datasourceLayers) {
        if (!"data".equals(layer.path("layerType").asText())) {
            problems.add(what + ": layer " + layer.path("layerId").asText() + " has layerType '" + layer.path("layerType").asText() + "', not data");
        }
        if (!datasourceLayers.has(layer.path("layerId").asText())) {
            problems.add(what + ": the visualization's layer " + layer.path("layerId").asText() + " is no datasource layer");
        }
    }

    private void checkSearch(String what, JsonNode attributes) {
        for (JsonNode sort : attributes.path("sort")) {
            if (!sort.isArray() || sort.size() > 2) {
                problems.add(what + ": sort entry " + sort + " is not [field, direction]");
            }
        }
        JsonNode source = parse(what, "searchSourceJSON", attributes.path("kibanaSavedObjectMeta").path("searchSourceJSON").asText(""));
        if (source != null && !"kibanaSavedObjectMeta.searchSourceJSON.index".equals(source.path("indexRefName").asText())) {
            problems.add(what + ": searchSourceJSON's indexRefName is '" + source.path("indexRefName").asText()
                    + "', not kibanaSavedObjectMeta.searchSourceJSON.index");
        }
    }

    private void checkDashboard(String what, JsonNode attributes) {
        parse(what, "optionsJSON", attributes.path("optionsJSON").asText("{}"));
        JsonNode panels = parse(what, "panelsJSON", attributes.path("panelsJSON").asText("[]"));
        if (panels == null) {
            return;
        }
        Set<String> indexes = new HashSet<>();
        List<JsonNode> placed = new ArrayList<>();
        for (JsonNode panel : panels) {
            String index = panel.path("panelIndex").asText();
            if (!indexes.add(index)) {
                problems.add(what + ": two panels have the panelIndex " + index);
            }
            if (!("panel_" + index).equals(panel.path("panelRefName").asText())) {
                problems.add(what + ": panel " + index + " has panelRefName '" + panel.path("panelRefName").asText()
                        + "', not panel_" + index);
            }
            JsonNode grid = panel.path("gridData");
            if (!index.equals(grid.path("i").asText())) {
                problems.add(what + ": panel " + index + " has gridData.i '" + grid.path("i").asText() + "'");
            }
            int x = grid.path("x").asInt(-1);
            int w = grid.path("w").asInt(0);
            if (x < 0 || w < 1 || x + w > GRID_COLUMNS || grid.path("y").asInt(-1) < 0 || grid.path("h").asInt(0) < 1) {
                problems.add(what + ": panel " + index + " " + grid + " is not inside the " + GRID_COLUMNS + "-column grid");
            }
            for (JsonNode other : placed) {
                if (overlap(grid, other.path("gridData"))) {
                    problems.add(what + ": panels " + other.path("panelIndex").asText() + " and " + index + " overlap");
                }
            }
            placed.add(panel);
        }
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt() && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt() && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }

    private void checkOneOf(String what, String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            problems.add(what + ": " + key + " '" + value + "' is not one of " + sorted(allowed));
        }
    }

    private JsonNode parse(String what, String field, String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            problems.add(what + ": " + field + " is not JSON: " + e.getMessage());
            return null;
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static boolean isVersion(String version) {
        return version.matches("\\d+\\.\\d+\\.\\d+");
    }

    /** Compares two {@code major.minor.patch} versions numerically. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
