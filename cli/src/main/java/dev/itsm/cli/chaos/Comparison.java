package dev.itsm.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a run's final contents differ from the reference's.
 *
 * @param lost        alerts of the storm that are neither in the alerts index nor in the dead letters, and broken
 *                    payloads that are not in the dead letters
 * @param duplicated  incidents that repeat another incident of the run: the same member alerts, an alert in two open
 *                    incidents, or an id the reference does not have for the alerts of one it has
 * @param differences every document (or dead letter) that is missing, extra or different, one line each
 */
public record Comparison(int lost, int duplicated, List<String> differences) {

    /**
     * Fields that differ between two runs of the same input without any fault: none so far (running the reference
     * twice gives equal documents), so every field is compared.
     */
    static final Map<String, Set<String>> VOLATILE = Map.of();

    public boolean clean() {
        return lost == 0 && duplicated == 0 && differences.isEmpty();
    }

    /** What the run lost and duplicated on its own, without a reference to compare with. */
    static Comparison alone(RunSnapshot run, ChaosStorm storm) {
        return new Comparison(lost(run, storm), duplicates(run, null), List.of());
    }

    static Comparison of(RunSnapshot reference, RunSnapshot run, ChaosStorm storm) {
        List<String> differences = new ArrayList<>();
        for (String kind : reference.documents().keySet()) {
            compare(kind, reference.of(kind), run.of(kind), VOLATILE.getOrDefault(kind, Set.of()), differences);
        }
        reference.deadLetters().forEach((letter, type) -> {
            if (!type.equals(run.deadLetters().get(letter))) {
                differences.add("dead letters: missing " + type + " " + abbreviate(letter));
            }
        });
        run.deadLetters().forEach((letter, type) -> {
            if (!type.equals(reference.deadLetters().get(letter))) {
                differences.add("dead letters: extra " + type + " " + abbreviate(letter));
            }
        });
        return new Comparison(lost(run, storm), duplicates(run, reference), List.copyOf(differences));
    }

    private static void compare(String kind, Map<String, JsonNode> expected, Map<String, JsonNode> actual, Set<String> ignored,
                                List<String> differences) {
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            JsonNode other = actual.get(e.getKey());
            if (other == null) {
                differences.add(kind + ": missing " + e.getKey());
            } else {
                String field = firstDifference(RunSnapshot.without(e.getValue(), ignored), RunSnapshot.without(other, ignored));
                if (field != null) {
                    differences.add(kind + ": " + e.getKey() + " differs in " + field);
                }
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                differences.add(kind + ": extra " + id + " " + abbreviate(actual.get(id).toString()));
            }
        }
    }

    /** The first top-level field whose value differs ({@code reference -> run}), or null when equal. */
    private static String firstDifference(JsonNode expected, JsonNode actual) {
        if (expected.equals(actual)) {
            return null;
        }
        Set<String> fields = new TreeSet<>();
        expected.fieldNames().forEachRemaining(fields::add);
        actual.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode a = expected.get(field);
            JsonNode b = actual.get(field);
            if (a == null || !a.equals(b)) {
                return field + " (" + abbreviate(String.valueOf(a)) + " -> " + abbreviate(String.valueOf(b)) + ")";
            }
        }
        return "(order)";
    }

    /** Storm alerts in neither the alerts index nor the dead letters, plus broken payloads not in the dead letters. */
    private static int lost(RunSnapshot run, ChaosStorm storm) {
        Set<String> seen = new TreeSet<>();
        for (JsonNode alert : run.of("alerts").values()) {
            JsonNode labels = alert.path("labels");
            seen.add(labels.path("alertname").asText() + "|" + labels.path("host").asText());
        }
        int lost = 0;
        for (String identity : storm.identities()) {
            if (!seen.contains(identity)) {
                lost++;
            }
        }
        for (ChaosStorm.Notification n : storm.notifications()) {
            if (n.broken() && !run.deadLetters().containsKey(new String(n.payload(), StandardCharsets.UTF_8))) {
                lost++;
            }
        }
        return lost;
    }

    /**
     * Incidents beyond the first with the same member alerts, incidents beyond the first open one holding an alert,
     * and incidents the reference does not have whose alerts equal those of one it has. Incidents merged into another
     * (label {@code merged_into}) no longer count: their alerts moved.
     */
    private static int duplicates(RunSnapshot run, RunSnapshot reference) {
        Map<String, Integer> byMembers = new HashMap<>();
        Map<String, Integer> openByAlert = new HashMap<>();
        for (JsonNode incident : live(run)) {
            byMembers.merge(members(incident), 1, Integer::sum);
            if (!Set.of("resolved", "closed").contains(incident.path("incident.status").asText())) {
                incident.path("incident.alert_ids").forEach(id -> openByAlert.merge(id.asText(), 1, Integer::sum));
            }
        }
        int duplicated = byMembers.values().stream().mapToInt(n -> n - 1).sum()
                + openByAlert.values().stream().mapToInt(n -> n - 1).sum();
        if (reference != null) {
            Set<String> referenceMembers = new TreeSet<>();
            live(reference).forEach(i -> referenceMembers.add(members(i)));
            Map<String, JsonNode> referenceIncidents = reference.of("incidents");
            for (JsonNode incident : live(run)) {
                if (!referenceIncidents.containsKey(incident.path("incident.id").asText())
                        && referenceMembers.contains(members(incident))) {
                    duplicated++;
                }
            }
        }
        return duplicated;
    }

    private static List<JsonNode> live(RunSnapshot run) {
        List<JsonNode> live = new ArrayList<>();
        for (JsonNode incident : run.of("incidents").values()) {
            if (!incident.path("labels").has("merged_into")) {
                live.add(incident);
            }
        }
        return live;
    }

    private static String members(JsonNode incident) {
        Set<String> ids = new TreeSet<>();
        for (Iterator<JsonNode> it = incident.path("incident.alert_ids").elements(); it.hasNext(); ) {
            ids.add(it.next().asText());
        }
        return String.join(",", ids);
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }
}
