package dev.itsm.cli.rules;

import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.core.model.Versioned;
import dev.itsm.jobs.incident.AlertUpdate;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an {@link OfflineCluster} run produced: every changelog record of the jobs, in any order. The {@code ...At}
 * views give each entity as it was at a moment of event time: its last change at or before it (every record carries
 * the event time of its change).
 */
record OfflineOutcome(List<Incident> incidentChanges, List<AlertUpdate> alertUpdates, List<SlaStatus> slaChanges,
                      List<SloStatus> sloChanges, List<Problem> problemChanges, List<DeadLetter> deadLetters) {

    /** The label of an incident closed because it merged into another (see the incident job). */
    static final String MERGED_INTO = "merged_into";

    /** Every incident as it was at {@code at}, merged ones left out (their alerts are in the incident they joined). */
    List<Incident> incidentsAt(Instant at) {
        return latest(incidentChanges, Incident::id, Incident::updated, at).stream()
                .filter(i -> !i.labels().containsKey(MERGED_INTO))
                .sorted(Comparator.comparing(Incident::openedAt).thenComparing(Incident::id))
                .toList();
    }

    List<SlaStatus> slasAt(Instant at) {
        return latest(slaChanges, SlaStatus::id, SlaStatus::updated, at);
    }

    List<Problem> problemsAt(Instant at) {
        return latest(problemChanges, Problem::id, Problem::updated, at);
    }

    /** Each alert occurrence's last update at or before {@code at} (by the alert's event time), by alert id. */
    Map<String, AlertUpdate> alertsAt(Instant at) {
        Map<String, AlertUpdate> last = new LinkedHashMap<>();
        alertUpdates.stream().filter(u -> !u.alert().timestamp().isAfter(at))
                .sorted(Comparator.comparing((AlertUpdate u) -> u.alert().timestamp()).thenComparingLong(AlertUpdate::version))
                .forEach(u -> last.put(u.alert().id(), u));
        return last;
    }

    private static <T extends Versioned> List<T> latest(List<T> changes, Function<T, String> id, Function<T, Instant> time,
                                                        Instant at) {
        Map<String, T> last = new LinkedHashMap<>();
        for (T change : changes) {
            if (!time.apply(change).isAfter(at)) {
                last.merge(id.apply(change), change, (a, b) -> b.revision() > a.revision() ? b : a);
            }
        }
        return List.copyOf(last.values());
    }
}
