package dev.itsm.connectors.cmdb;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;
import dev.itsm.core.model.RelationType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a CMDB export file: the one format a CMDB administrator writes or scripts, with plain keys.
 *
 * <pre>{@code
 * {
 *   "exported_at": "2026-01-15T08:00:00Z",
 *   "configuration_items": [
 *     {"id": "host-fra1-db01", "type": "host", "name": "db01.fra1",
 *      "identifiers": ["db01.fra1.example.com", "10.20.1.21"], "criticality": 2,
 *      "support_group": "linux-ops", "location": "fra1", "service": "svc-online-shop", "labels": {"os": "linux"}}
 *   ],
 *   "relations": [
 *     {"source": "app-fra1-checkout-api", "type": "runs_on", "target": "host-fra1-app01"}
 *   ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>CI: {@code id} and {@code type} are required strings; {@code name} (default: the id), {@code identifiers}
 *       (host names, FQDNs, IPs, aliases alerts may use), {@code criticality} (integer 1 = most critical .. 5,
 *       default 3), {@code support_group}, {@code location}, {@code service} (id of the owning
 *       {@code business_service} CI), {@code labels} (string, number or boolean values, kept as text) are
 *       optional.</li>
 *   <li>Relation: {@code source}, {@code type} ({@code runs_on}, {@code depends_on}, {@code hosted_on},
 *       {@code connected_to}; case and {@code -}/{@code _} do not matter) and {@code target}, where the source
 *       depends on the target; {@code id} is optional (default {@link Relation#idOf}).</li>
 *   <li>{@code exported_at} (RFC 3339) is when the export was taken, default the file's modification time; any CI
 *       or relation may override it with {@code updated}. {@code revision} defaults to that time in epoch
 *       milliseconds, so a newer export supersedes an older one.</li>
 *   <li>A {@code null} value means absent; an empty string in an optional field too.</li>
 * </ul>
 *
 * Fatal (a {@link CmdbFormatException} listing all of them): not JSON, a missing or non-string {@code id},
 * {@code type}, {@code source} or {@code target}, a duplicate CI id, a relation type that does not exist, a
 * criticality outside 1..5, a field of the wrong JSON type, a bad time. Warnings (returned, the data kept): a
 * relation or {@code service} naming a CI not in the file (it may arrive later), a {@code service} that is not a
 * {@code business_service}, an identifier shared by several CIs, a duplicate or self relation, an unknown key.
 *
 * <p>The fields of a CI or relation are checked by {@link CmdbFields}, as {@link CmdbRecordValue} checks a topic
 * record's, with the file's policy: the defaults above, and times and relation types as an administrator writes them
 * ({@link CmdbFields#optionalTime}, {@link CmdbFields#looseRelationType}). Problems and warnings read
 * {@code SOURCE: PATH: message}, e.g. {@code cmdb.json: $.configuration_items[3].criticality: must be an integer from 1
 * (most critical) to 5, was 7}; a missing key is reported at its object's path ({@code $.configuration_items[3]:
 * missing "id"}).
 *
 * <p>Only JSON is read: {@code jackson-dataformat-yaml} is not on this module's class path.
 */
public final class CmdbFiles {

    public static final String EXPORTED_AT = "exported_at";
    public static final String CONFIGURATION_ITEMS = "configuration_items";
    public static final String RELATIONS = "relations";

    private static final List<String> TOP_KEYS = List.of(EXPORTED_AT, CONFIGURATION_ITEMS, RELATIONS);
    private static final List<String> ITEM_KEYS = List.of("id", "type", "name", "identifiers", "criticality",
            "support_group", "location", "service", "labels", "updated", "revision");
    private static final List<String> RELATION_KEYS = List.of("id", "source", "type", "target", "updated", "revision");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CmdbFiles() {
    }

    /**
     * Loads a {@code .json} export.
     *
     * @throws CmdbFormatException for a file that is not a valid export (every problem listed), or a
     *                             {@code .yaml}/{@code .yml} or other extension
     * @throws IOException         if the file cannot be read
     */
    public static CmdbLoadResult load(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            throw new CmdbFormatException(file.toString(), List.of(file + ": YAML CMDB files are not supported yet "
                    + "(jackson-dataformat-yaml is not on the class path); convert it to JSON, "
                    + "e.g. yq -o=json " + file.getFileName() + " > cmdb.json"));
        }
        if (!name.endsWith(".json")) {
            throw new CmdbFormatException(file.toString(), List.of(file
                    + ": a CMDB file must be JSON with the extension .json"));
        }
        byte[] content = Files.readAllBytes(file);
        Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
        return parse(file.toString(), content, modified);
    }

    /**
     * Parses an export from bytes.
     *
     * @param source         the name messages use for it, e.g. the file name
     * @param defaultUpdated when the export was taken, if it does not say ({@code exported_at})
     * @throws CmdbFormatException listing every problem
     */
    public static CmdbLoadResult parse(String source, byte[] content, Instant defaultUpdated) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(defaultUpdated, "defaultUpdated");
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new CmdbFormatException(source, List.of(source + ": not valid JSON" + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CmdbFormatException(source, List.of(source + ": cannot read: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw new CmdbFormatException(source, List.of(source + ": the file is empty; expected an object with \""
                    + CONFIGURATION_ITEMS + "\" and \"" + RELATIONS + "\""));
        }
        return new Reader(source, defaultUpdated).read(root);
    }

    /** One parse: collects every problem and warning in document order. */
    private static final class Reader {
        private final String source;
        private final List<String> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private Instant exportedAt;

        Reader(String source, Instant defaultUpdated) {
            this.source = source;
            this.exportedAt = defaultUpdated;
        }

        CmdbLoadResult read(JsonNode root) {
            if (!root.isObject()) {
                problem("$", "must be an object with \"" + CONFIGURATION_ITEMS + "\" and \"" + RELATIONS + "\", was " + kind(root));
                throw failure();
            }
            unknownKeys(root, "$", TOP_KEYS);
            Instant exported = fields(root, "$").optionalTime(EXPORTED_AT);
            if (exported != null) {
                exportedAt = exported;
            }
            JsonNode itemNodes = root.get(CONFIGURATION_ITEMS);
            List<ConfigItem> items = new ArrayList<>();
            Map<String, String> itemPaths = new HashMap<>();
            if (itemNodes == null || itemNodes.isNull()) {
                problem("$", "missing \"" + CONFIGURATION_ITEMS + "\" (an array of configuration items)");
            } else if (!itemNodes.isArray()) {
                problem("$." + CONFIGURATION_ITEMS, "must be an array, was " + kind(itemNodes));
            } else {
                for (int i = 0; i < itemNodes.size(); i++) {
                    String path = "$." + CONFIGURATION_ITEMS + "[" + i + "]";
                    ConfigItem item = item(itemNodes.get(i), path, itemPaths);
                    if (item != null) {
                        items.add(item);
                    }
                }
            }

            JsonNode relationNodes = root.get(RELATIONS);
            List<Relation> relations = new ArrayList<>();
            Map<String, String> relationPaths = new HashMap<>();
            Map<String, Relation> relationsById = new HashMap<>();
            if (relationNodes != null && !relationNodes.isNull() && !relationNodes.isArray()) {
                problem("$." + RELATIONS, "must be an array, was " + kind(relationNodes));
            } else if (relationNodes != null && relationNodes.isArray()) {
                for (int i = 0; i < relationNodes.size(); i++) {
                    String path = "$." + RELATIONS + "[" + i + "]";
                    Relation relation = relation(relationNodes.get(i), path);
                    if (relation == null) {
                        continue;
                    }
                    Relation earlier = relationsById.putIfAbsent(relation.id(), relation);
                    if (earlier == null) {
                        relationPaths.put(relation.id(), path);
                        relations.add(relation);
                        references(relation, path, itemPaths);
                    } else if (sameTriple(earlier, relation)) {
                        warning(path, "duplicates " + relationPaths.get(relation.id()) + "; kept once");
                    } else {
                        problem(path + ".id", "duplicate relation id '" + relation.id() + "', first used at "
                                + relationPaths.get(relation.id()) + " for a different relation");
                    }
                }
            }

            Map<String, ConfigItem> byId = items.stream().collect(Collectors.toMap(ConfigItem::id, i -> i));
            for (ConfigItem item : items) {
                serviceReference(item, itemPaths.get(item.id()), byId);
            }
            sharedIdentifiers(items, itemPaths);

            if (!problems.isEmpty()) {
                throw failure();
            }
            return new CmdbLoadResult(new CmdbSnapshot(items, relations), warnings);
        }

        private ConfigItem item(JsonNode node, String path, Map<String, String> itemPaths) {
            if (!node.isObject()) {
                problem(path, "must be an object, was " + kind(node));
                return null;
            }
            int before = problems.size();
            unknownKeys(node, path, ITEM_KEYS);
            CmdbFields fields = fields(node, path);
            String id = fields.requiredString("id");
            if (id != null) {
                id = id.trim();
                // checked before anything else, so a duplicate is reported even when an entry has other problems
                String first = itemPaths.putIfAbsent(id, path);
                if (first != null) {
                    problem(path + ".id", "duplicate CI id '" + id + "', first used at " + first);
                }
            }
            String type = fields.requiredString("type");
            String name = fields.optionalString("name");
            List<String> identifiers = fields.strings("identifiers");
            Integer criticality = fields.optionalCriticality("criticality");
            String supportGroup = fields.optionalString("support_group");
            String location = fields.optionalString("location");
            String service = fields.optionalString("service");
            Map<String, String> labels = fields.labels("labels");
            Instant updated = updated(fields);
            Long revision = fields.revision("revision");
            if (problems.size() > before) {
                return null;
            }
            try {
                return new ConfigItem(id, type.trim(), name, identifiers,
                        criticality == null ? ConfigItem.DEFAULT_CRITICALITY : criticality, supportGroup, location,
                        service, labels, updated, revision(revision, updated));
            } catch (RuntimeException e) {
                // the checks above should have caught it; keep the record's own message if not
                problem(path, e.getMessage());
                return null;
            }
        }

        private Relation relation(JsonNode node, String path) {
            if (!node.isObject()) {
                problem(path, "must be an object, was " + kind(node));
                return null;
            }
            int before = problems.size();
            unknownKeys(node, path, RELATION_KEYS);
            CmdbFields fields = fields(node, path);
            String id = fields.optionalString("id");
            String source = fields.requiredString("source");
            String typeName = fields.requiredString("type");
            String target = fields.requiredString("target");
            // the name last, after every required key is known to be there or not: the order the messages have always had
            RelationType type = typeName == null ? null : fields.looseRelationType("type", typeName);
            Instant updated = updated(fields);
            Long revision = fields.revision("revision");
            if (problems.size() > before) {
                return null;
            }
            source = source.trim();
            target = target.trim();
            if (source.equals(target)) {
                warning(path, "'" + source + "' " + type.json() + " itself; kept (graph walks are cycle-safe)");
            }
            try {
                return new Relation(id == null ? Relation.idOf(source, type, target) : id.trim(), type, source, target,
                        updated, revision(revision, updated));
            } catch (RuntimeException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private void references(Relation relation, String path, Map<String, String> itemPaths) {
            if (!itemPaths.containsKey(relation.source())) {
                warning(path + ".source", "'" + relation.source() + "' is not a configuration item in this file; "
                        + "the relation is kept (the CI may arrive later)");
            }
            if (!itemPaths.containsKey(relation.target())) {
                warning(path + ".target", "'" + relation.target() + "' is not a configuration item in this file; "
                        + "the relation is kept (the CI may arrive later)");
            }
        }

        private void serviceReference(ConfigItem item, String path, Map<String, ConfigItem> byId) {
            if (item.service() == null) {
                return;
            }
            ConfigItem service = byId.get(item.service());
            if (service == null) {
                warning(path + ".service", "'" + item.service() + "' is not a configuration item in this file; kept");
            } else if (!CmdbIndex.BUSINESS_SERVICE.equalsIgnoreCase(service.type())) {
                warning(path + ".service", "'" + item.service() + "' has type " + service.type() + ", not "
                        + CmdbIndex.BUSINESS_SERVICE + "; kept");
            }
        }

        private void sharedIdentifiers(List<ConfigItem> items, Map<String, String> itemPaths) {
            Map<String, Set<String>> owners = new LinkedHashMap<>();
            for (ConfigItem item : items) {
                for (String identifier : item.identifiers()) {
                    String key = CmdbIndex.normaliseName(identifier);
                    if (key != null) {
                        owners.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(item.id());
                    }
                }
            }
            owners.forEach((identifier, ids) -> {
                if (ids.size() > 1) {
                    String first = ids.iterator().next();
                    warning(itemPaths.get(first) + ".identifiers", "identifier '" + identifier + "' is shared by CIs "
                            + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "))
                            + "; an alert naming it resolves to none of them");
                }
            });
        }

        /** The checks of one object's fields, reporting as this file's problems. */
        private CmdbFields fields(JsonNode node, String path) {
            return new CmdbFields(node, path, (errorType, at, message) -> problem(at, message));
        }

        /** When a CI or relation changed: its own {@code updated}, else when the export was taken. */
        private Instant updated(CmdbFields fields) {
            Instant updated = fields.optionalTime("updated");
            return updated == null ? exportedAt : updated;
        }

        /** The given revision, else the change time in epoch milliseconds: a newer export supersedes an older one. */
        private static long revision(Long given, Instant updated) {
            return given != null ? given : Math.max(0, updated.toEpochMilli());
        }

        private void unknownKeys(JsonNode node, String path, Collection<String> known) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    warning(path, "unknown key \"" + name + "\" ignored (known: " + String.join(", ", known) + ")");
                }
            }
        }

        private static boolean sameTriple(Relation a, Relation b) {
            return a.source().equals(b.source()) && a.type() == b.type() && a.target().equals(b.target());
        }

        private static String kind(JsonNode node) {
            return StrictJson.kind(node);
        }

        private void problem(String path, String message) {
            problems.add(source + ": " + path + ": " + message);
        }

        private void warning(String path, String message) {
            warnings.add(source + ": " + path + ": " + message);
        }

        private CmdbFormatException failure() {
            return new CmdbFormatException(source, problems);
        }
    }
}
