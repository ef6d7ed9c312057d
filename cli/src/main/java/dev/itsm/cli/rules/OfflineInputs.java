package dev.itsm.cli.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.itsm.cli.demo.Scenario;
import dev.itsm.cli.demo.ScenarioEntry;
import dev.itsm.connectors.alerts.AlertParser;
import dev.itsm.connectors.cmdb.CmdbFiles;
import dev.itsm.connectors.cmdb.CmdbLoadResult;
import dev.itsm.connectors.kafka.RawRecord;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.AlertStatus;
import dev.itsm.rules.RuleTestFile;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns what a person wrote (a rule test's alerts and CMDB, a recorded scenario) into the raw records and CMDB the
 * jobs read, so that everything goes through the real alert parser and CMDB reader.
 */
final class OfflineInputs {
    /** Where the records claim to come from, for dead letters. */
    static final String TOPIC = "offline";

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private OfflineInputs() {
    }

    /** A recorded scenario's payloads, each stamped with its time, in file order (as the demo plays them). */
    static List<RawRecord> records(Scenario scenario) {
        List<RawRecord> records = new ArrayList<>();
        for (ScenarioEntry entry : scenario.entries()) {
            records.add(record(records.size(), entry.time(scenario.base()), entry.format(), entry.payload()));
        }
        return records;
    }

    /**
     * A test case's alerts. The simple form becomes a generic-format alert whose {@code starts_at} is when the same
     * alert (name, CI, host, ip, service, labels) last started firing, so that repeats and the resolve belong to the
     * same occurrence, as a monitoring system sends them.
     */
    static List<RawRecord> records(List<RuleTestFile.AlertStep> steps) {
        List<RawRecord> records = new ArrayList<>();
        Map<List<Object>, Instant> firingSince = new HashMap<>();
        for (RuleTestFile.AlertStep step : steps) {
            if (step.format() != null) {
                records.add(record(records.size(), step.at(), step.format(), Json.toBytes(json(step.payload()))));
                continue;
            }
            List<Object> identity = List.of(step.name(), String.valueOf(step.ci()), String.valueOf(step.host()),
                    String.valueOf(step.ip()), String.valueOf(step.service()), step.labels());
            Instant startsAt = step.status() == AlertStatus.FIRING
                    ? firingSince.computeIfAbsent(identity, k -> step.at())
                    : firingSince.getOrDefault(identity, step.at());
            if (step.status() == AlertStatus.RESOLVED) {
                firingSince.remove(identity);
            }
            ObjectNode alert = NODES.objectNode();
            alert.put("name", step.name());
            alert.put("status", step.status().json());
            putIfSet(alert, "severity", step.severity());
            if (!step.labels().isEmpty()) {
                ObjectNode labels = alert.putObject("labels");
                step.labels().forEach(labels::put);
            }
            putIfSet(alert, "summary", step.summary());
            putIfSet(alert, "host", step.host());
            putIfSet(alert, "ip", step.ip());
            putIfSet(alert, "service", step.service());
            putIfSet(alert, "ci_id", step.ci());
            alert.put("starts_at", startsAt.toString());
            if (step.status() == AlertStatus.RESOLVED) {
                alert.put("ends_at", step.at().toString());
            }
            records.add(record(records.size(), step.at(), "generic", Json.toBytes(alert)));
        }
        return records;
    }

    /**
     * A test case's CMDB: an inline export, an export file named relative to the test file, or none.
     *
     * @param source how messages name it, e.g. {@code tests/outage.yaml: cases[0].cmdb}
     * @throws dev.itsm.connectors.cmdb.CmdbFormatException when it is not a valid export
     */
    static CmdbLoadResult cmdb(Object cmdb, Path testFile, String source) throws IOException {
        if (cmdb == null) {
            return CmdbFiles.parse(source, "{\"configuration_items\": [], \"relations\": []}".getBytes(), Instant.EPOCH);
        }
        if (cmdb instanceof String file) {
            Path parent = testFile.toAbsolutePath().getParent();
            return CmdbFiles.load(parent.resolve(file));
        }
        return CmdbFiles.parse(source, Json.toBytes(json(cmdb)), Instant.EPOCH);
    }

    /**
     * A tree of YAML text as JSON: text that reads as a JSON number, {@code true} or {@code false} becomes one (as
     * YAML itself reads {@code criticality: 1}); the rest stays text.
     */
    static JsonNode json(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, value) -> object.set(String.valueOf(key), json(value)));
            return object;
        }
        if (tree instanceof List<?> list) {
            var array = NODES.arrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        if (tree == null) {
            return NODES.nullNode();
        }
        String text = tree.toString();
        if (text.equals("true") || text.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(text));
        }
        if (!JSON_NUMBER.matcher(text).matches()) {
            return NODES.textNode(text);
        }
        return text.matches("-?\\d+") ? NODES.numberNode(new BigInteger(text)) : NODES.numberNode(new BigDecimal(text));
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static RawRecord record(int offset, Instant at, String format, byte[] payload) {
        return new RawRecord(TOPIC, 0, offset, at.toEpochMilli(), null, payload, Map.of(AlertParser.FORMAT_HEADER, format));
    }
}
