package dev.itsm.dashboards;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped template and saved-object files: they parse, hang together, and cover the records they hold. */
class DashboardFilesTest {

    private static final Path RESOURCES = Path.of("src/main/resources", DashboardResources.ROOT);

    private final Map<String, ObjectNode> components = DashboardResources.componentTemplates("itsm");
    private final Map<String, ObjectNode> templates = DashboardResources.indexTemplates("itsm");
    private final List<ObjectNode> objects = DashboardResources.savedObjects("itsm");

    @Test
    void shouldShipEveryFileInTheResourceFolderAndNoOther() throws IOException {
        assertThat(fileNames("elasticsearch/component-templates")).containsExactlyInAnyOrderElementsOf(
                DashboardResources.COMPONENT_TEMPLATES.stream().map(n -> n + ".json").toList());
        assertThat(fileNames("elasticsearch/index-templates")).containsExactlyInAnyOrderElementsOf(
                DashboardResources.INDEX_TEMPLATES.stream().map(n -> n + ".json").toList());
        assertThat(fileNames("kibana")).containsExactlyInAnyOrderElementsOf(DashboardResources.SAVED_OBJECT_FILES);
    }

    @Test
    void shouldFindNothingWrongInTheShippedSavedObjects() {
        assertThat(SavedObjectsChecker.check(components, templates, objects)).isEmpty();
    }

    @Test
    void shouldShipFourDashboardsADataViewPerIndexAndStableIds() {
        assertThat(ids("dashboard")).containsExactlyInAnyOrder("itsm-noc-overview", "itsm-incident-view", "itsm-problems", "itsm-sla-slo");
        Set<String> patterns = objects.stream().filter(o -> "index-pattern".equals(o.path("type").asText()))
                .map(o -> o.at("/attributes/title").asText()).collect(Collectors.toSet());
        assertThat(patterns).containsExactlyInAnyOrder(
                "itsm-incidents*", "itsm-alerts*", "itsm-problems*", "itsm-sla*", "itsm-slo*", "itsm-dlq*");
        assertThat(objects).allSatisfy(o -> assertThat(o.path("id").asText()).matches("itsm-[a-z0-9-]+"));
    }

    @Test
    void shouldFindNothingKibana819WouldRejectOrMisreadInTheShippedSavedObjects() {
        assertThat(Kibana819Rules.check(objects)).isEmpty();
    }

    @Test
    void shouldWriteTheNewestMigrationVersionsKibana819IsKnownToHave() {
        // equal, not just not newer: an older version would send the hand-written state through migrations written
        // for states these files never had
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.path("coreMigrationVersion").asText()).isEqualTo("8.8.0");
            assertThat(o.path("typeMigrationVersion").asText()).isEqualTo(Kibana819Rules.NEWEST_TYPE_VERSIONS.get(o.path("type").asText()));
        });
    }

    @Test
    void shouldReportMigrationVersionsNewerThanKibana819Knows() {
        List<ObjectNode> broken = copy(objects);
        find(broken, "dashboard", "itsm-problems").put("typeMigrationVersion", "10.4.0");
        find(broken, "lens", "itsm-lens-open-problems").put("typeMigrationVersion", "10.1.0");
        find(broken, "search", "itsm-search-open-problems").put("coreMigrationVersion", "9.0.0");
        find(broken, "index-pattern", "itsm-dlq").put("typeMigrationVersion", "8.0");

        assertThat(Kibana819Rules.check(broken)).containsExactlyInAnyOrder(
                "dashboard itsm-problems: typeMigrationVersion 10.4.0 is newer than 10.2.0, the newest version of dashboard Kibana 8.19 is known to have",
                "lens itsm-lens-open-problems: typeMigrationVersion 10.1.0 is newer than 8.9.0, the newest version of lens Kibana 8.19 is known to have",
                "search itsm-search-open-problems: coreMigrationVersion 9.0.0 belongs to a Kibana newer than 8.19.0",
                "index-pattern itsm-dlq: typeMigrationVersion '8.0' is not a semver version");
    }

    @Test
    void shouldReportAttributesOutsideTheTypesSchema() {
        List<ObjectNode> broken = copy(objects);
        // the saved object keeps its panels as the string panelsJSON
        ((ObjectNode) find(broken, "dashboard", "itsm-sla-slo").path("attributes")).putArray("panels");
        ((ObjectNode) find(broken, "search", "itsm-search-sla-breaches").path("attributes")).put("sortOrder", "asc");
        ((ObjectNode) find(broken, "lens", "itsm-lens-sla-breaches").path("attributes")).remove("title");

        assertThat(Kibana819Rules.check(broken)).containsExactlyInAnyOrder(
                "dashboard itsm-sla-slo: attribute panels is not in Kibana 8.19's dashboard schema",
                "search itsm-search-sla-breaches: attribute sortOrder is not in Kibana 8.19's search schema",
                "lens itsm-lens-sla-breaches: the title attribute, which the lens schema requires, is not a string");
    }

    @Test
    void shouldReportLensStateThatLensDoesNotHave() {
        List<ObjectNode> broken = copy(objects);
        ObjectNode byPriority = find(broken, "lens", "itsm-lens-open-incidents-by-priority");
        ((ObjectNode) byPriority.path("attributes")).put("visualizationType", "lnsBar");
        ObjectNode burnRate = find(broken, "lens", "itsm-lens-slo-burn-rate");
        ((ObjectNode) burnRate.at("/attributes/state/visualization/layers/0")).put("seriesType", "stacked_bar");
        ObjectNode rate = (ObjectNode) firstColumn(burnRate, "max");
        rate.put("operationType", "avg");
        ObjectNode byRole = find(broken, "lens", "itsm-lens-incident-alerts-by-role");
        ObjectNode pieLayer = (ObjectNode) byRole.at("/attributes/state/visualization/layers/0");
        pieLayer.set("metric", pieLayer.remove("metrics").get(0));
        ObjectNode table = find(broken, "lens", "itsm-lens-impacted-services");
        ((ObjectNode) table.at("/attributes/state/visualization")).put("rowHeight", "single");
        ObjectNode openIncidents = find(broken, "lens", "itsm-lens-open-incidents");
        ((ObjectNode) openIncidents.at("/attributes/state/visualization")).put("layerId", "layer1");
        ObjectNode topCis = find(broken, "lens", "itsm-lens-top-root-cause-cis");
        ObjectNode terms = (ObjectNode) firstColumn(topCis, "terms");
        ((ObjectNode) terms.path("params").path("orderBy")).put("columnId", "deleted-column");
        ObjectNode states = (ObjectNode) find(broken, "lens", "itsm-lens-open-problems").at("/attributes/state/datasourceStates");
        states.set("indexpattern", states.remove("formBased"));

        assertThat(Kibana819Rules.check(broken)).containsExactlyInAnyOrder(
                "lens itsm-lens-open-incidents-by-priority: visualization type lnsBar is not one Lens registers",
                "lens itsm-lens-slo-burn-rate: seriesType 'stacked_bar' is not one of " + sorted(Kibana819Rules.SERIES_TYPES),
                "lens itsm-lens-slo-burn-rate: column " + rate.path("label").asText() + " has the operation avg, which Lens does not have",
                "lens itsm-lens-incident-alerts-by-role: a partition layer needs the arrays primaryGroups and metrics",
                "lens itsm-lens-impacted-services: rowHeight single is not one of [auto, custom]",
                "lens itsm-lens-open-incidents: the visualization's layer layer1 is no datasource layer",
                "lens itsm-lens-top-root-cause-cis: column " + terms.path("label").asText() + " is ordered by the missing column deleted-column",
                "lens itsm-lens-open-problems: datasource indexpattern is not formBased or textBased (Lens renamed indexpattern"
                        + " to formBased in its 8.6.0 migration, which does not run on a newer document)",
                "lens itsm-lens-open-problems: the visualization's layer " + states.at("/indexpattern/layers").fieldNames().next()
                        + " is no datasource layer");
    }

    @Test
    void shouldReportPanelsKibanaWouldNotFindOrPlace() {
        List<ObjectNode> broken = copy(objects);
        ObjectNode dashboard = find(broken, "dashboard", "itsm-problems");
        com.fasterxml.jackson.databind.node.ArrayNode panels =
                (com.fasterxml.jackson.databind.node.ArrayNode) DashboardFilesTestJson.parse(dashboard.at("/attributes/panelsJSON").asText());
        ((ObjectNode) panels.get(0)).put("panelRefName", "panel_0");
        ((ObjectNode) panels.get(1).path("gridData")).put("i", "2");
        ((ObjectNode) panels.get(2).path("gridData")).put("w", 49);
        ((ObjectNode) panels.get(5).path("gridData")).put("y", 30);
        ((ObjectNode) dashboard.path("attributes")).put("panelsJSON", panels.toString());
        ObjectNode search = find(broken, "search", "itsm-search-open-problems");
        ObjectNode source = (ObjectNode) DashboardFilesTestJson.parse(search.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
        source.put("indexRefName", "index");
        ((ObjectNode) search.at("/attributes/kibanaSavedObjectMeta")).put("searchSourceJSON", source.toString());

        assertThat(Kibana819Rules.check(broken)).containsExactlyInAnyOrder(
                "dashboard itsm-problems: panel p1 has panelRefName 'panel_0', not panel_p1",
                "dashboard itsm-problems: panel p2 has gridData.i '2'",
                "dashboard itsm-problems: panel p3 " + panels.get(2).path("gridData") + " is not inside the 48-column grid",
                "dashboard itsm-problems: panels p4 and p6 overlap",
                "dashboard itsm-problems: panels p5 and p6 overlap",
                "search itsm-search-open-problems: searchSourceJSON's indexRefName is 'index', not kibanaSavedObjectMeta.searchSourceJSON.index");
    }

    @Test
    void shouldReportAFieldThatNoTemplateMaps() {
        List<ObjectNode> broken = copy(objects);
        ObjectNode lens = find(broken, "lens", "itsm-lens-top-root-cause-cis");
        JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
        ObjectNode column = (ObjectNode) layers.elements().next().path("columns").elements().next();
        column.put("sourceField", "incident.root_cause_host");
        ObjectNode search = find(broken, "search", "itsm-search-open-problems");
        ((com.fasterxml.jackson.databind.node.ArrayNode) search.at("/attributes/sort/0")).set(0, "problem.closed_at");

        assertThat(SavedObjectsChecker.check(components, templates, broken)).containsExactlyInAnyOrder(
                "lens itsm-lens-top-root-cause-cis: column " + column.path("label").asText()
                        + " uses the field 'incident.root_cause_host', which its index template does not map",
                "search itsm-search-open-problems: sort uses the field 'problem.closed_at', which its index template does not map");
    }

    @Test
    void shouldReportADanglingReferenceAndAMissingPanelReference() {
        List<ObjectNode> broken = copy(objects);
        ObjectNode dashboard = find(broken, "dashboard", "itsm-problems");
        ObjectNode first = (ObjectNode) dashboard.path("references").get(0);
        String name = first.path("name").asText();
        first.put("id", "itsm-lens-deleted");
        ObjectNode noc = find(broken, "dashboard", "itsm-noc-overview");
        ((com.fasterxml.jackson.databind.node.ArrayNode) noc.path("references")).remove(0);

        assertThat(SavedObjectsChecker.check(components, templates, broken)).containsExactlyInAnyOrder(
                "dashboard itsm-problems: reference " + name + " points to lens itsm-lens-deleted, which is in no file",
                "dashboard itsm-noc-overview: panel p1 has no reference named p1:panel_p1");
    }

    @Test
    void shouldReportAQueryFieldAndADataViewWithoutTemplate() {
        List<ObjectNode> broken = copy(objects);
        ((ObjectNode) find(broken, "lens", "itsm-lens-open-problems").at("/attributes/state/query")).put("query", "problem.state : \"open\"");
        ((ObjectNode) find(broken, "index-pattern", "itsm-dlq").path("attributes")).put("title", "itsm-rejected*");

        assertThat(SavedObjectsChecker.check(components, templates, broken)).containsExactlyInAnyOrder(
                "lens itsm-lens-open-problems: query uses the field 'problem.state', which its index template does not map",
                "index-pattern itsm-dlq: no index template has the index pattern itsm-rejected*");
    }

    @Test
    void shouldFindTheFieldNamesOfAKqlQuery() {
        assertThat(SavedObjectsChecker.kqlFields("not incident.status : (\"resolved\" or \"closed\") and @timestamp >= now-1d or x : \"a:b\""))
                .containsExactlyInAnyOrder("incident.status", "x");
    }

    @Test
    void shouldMapEveryFieldOfEveryRecordInItsTemplate() {
        assertMapsAll("itsm-incidents", Incident.class);
        assertMapsAll("itsm-problems", Problem.class);
        assertMapsAll("itsm-sla", SlaStatus.class);
        assertMapsAll("itsm-slo", SloStatus.class);
        assertMapsAll("itsm-dlq", DeadLetter.class);
        // the itsm-alerts document is the Alert record plus what the incident job adds (AlertDocuments)
        assertMapsAll("itsm-alerts", dev.itsm.core.model.Alert.class, "event.severity", "incident.id", "alert.role",
                "alert.flapping", "alert.suppressed_by");
    }

    @Test
    void shouldRenameTemplatesPatternsAndDataViewsForAnotherPrefix() {
        Map<String, ObjectNode> renamed = DashboardResources.indexTemplates("noc");

        assertThat(renamed).containsKeys("noc-incidents", "noc-dlq");
        assertThat(renamed.get("noc-incidents").path("index_patterns").get(0).asText()).isEqualTo("noc-incidents*");
        assertThat(renamed.get("noc-incidents").path("composed_of").toString()).isEqualTo("[\"noc-settings\",\"noc-ecs-base\"]");
        assertThat(DashboardResources.componentTemplates("noc")).containsOnlyKeys("noc-settings", "noc-ecs-base");
        assertThat(DashboardResources.savedObjects("noc")).filteredOn(o -> "index-pattern".equals(o.path("type").asText()))
                .allSatisfy(o -> assertThat(o.at("/attributes/title").asText()).startsWith("noc-"));
        assertThat(DashboardResources.savedObjectsNdjson("noc").lines().count()).isEqualTo(objects.size());
    }

    private void assertMapsAll(String template, Class<?> record, String... extra) {
        Map<String, String> mapped = mapped(template);
        Set<String> fields = new TreeSet<>(jsonPaths("", record));
        fields.addAll(List.of(extra));
        Set<String> missing = fields.stream()
                .filter(f -> !mapped.containsKey(f) && !mapped.containsKey(f + "/object"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("fields of %s not mapped in %s", record.getSimpleName(), template).isEmpty();
    }

    /** Every mapped path; objects (with or without properties, enabled or not) as {@code path/object}. */
    private Map<String, String> mapped(String template) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (JsonNode component : templates.get(template).path("composed_of")) {
            walk("", components.get(component.asText()).at("/template/mappings/properties"), fields);
        }
        walk("", templates.get(template).at("/template/mappings/properties"), fields);
        return fields;
    }

    private static void walk(String prefix, JsonNode properties, Map<String, String> into) {
        properties.fields().forEachRemaining(f -> {
            String path = prefix + f.getKey();
            JsonNode mapping = f.getValue();
            if (mapping.has("properties") || "object".equals(mapping.path("type").asText())) {
                into.put(path + "/object", "object");
                walk(path + ".", mapping.path("properties"), into);
            } else {
                into.put(path, mapping.path("type").asText());
            }
        });
    }

    /** The JSON names of a record's components; nested records and lists of records by their dotted path. */
    private static List<String> jsonPaths(String prefix, Class<?> record) {
        List<String> paths = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            // @JsonProperty does not target record components: Java puts it on the field (and the accessor unless
            // the record declares its own, as DeadLetter does)
            JsonProperty property;
            try {
                property = record.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            String name = prefix + (property != null ? property.value() : component.getName());
            Class<?> element = component.getType();
            Type generic = component.getGenericType();
            if (List.class.isAssignableFrom(element) && generic instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                element = c;
            }
            if (element.isRecord()) {
                paths.add(name);
                paths.addAll(jsonPaths(name + ".", element));
            } else {
                paths.add(name);
            }
        }
        return paths;
    }

    private List<String> ids(String type) {
        return objects.stream().filter(o -> type.equals(o.path("type").asText())).map(o -> o.path("id").asText()).toList();
    }

    private static List<ObjectNode> copy(List<ObjectNode> objects) {
        return objects.stream().map(ObjectNode::deepCopy).toList();
    }

    private static ObjectNode find(List<ObjectNode> objects, String type, String id) {
        return objects.stream().filter(o -> type.equals(o.path("type").asText()) && id.equals(o.path("id").asText()))
                .findFirst().orElseThrow();
    }

    /** The first column of the object's first form-based layer with the given operation. */
    private static JsonNode firstColumn(ObjectNode lens, String operationType) {
        JsonNode layers = lens.at("/attributes/state/datasourceStates/formBased/layers");
        for (JsonNode layer : layers) {
            for (JsonNode column : layer.path("columns")) {
                if (operationType.equals(column.path("operationType").asText())) {
                    return column;
                }
            }
        }
        throw new IllegalArgumentException(lens.path("id").asText() + " has no " + operationType + " column");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static List<String> fileNames(String folder) throws IOException {
        try (Stream<Path> files = Files.list(RESOURCES.resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
