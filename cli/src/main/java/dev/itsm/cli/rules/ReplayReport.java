package dev.itsm.cli.rules;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.incident.AlertUpdate;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the outcome of the same alerts changes from a baseline rule pack to a new one: counts first, then each change
 * a person deciding whether to ship the new pack should look at. Incidents of the two runs are matched by their
 * member alerts (alert occurrence ids, which come from the alerts' fingerprints and start times): an incident whose
 * alerts land in several new incidents was split, several incidents whose alerts land in one were merged.
 *
 * @param at       the moment both outcomes are taken at
 * @param summary  rows of {@code what, baseline, new}
 * @param changes  most important first: merges and splits, incidents gained or lost, priorities, routing, root
 *                 causes, suppression, problems, SLA states
 */
public record ReplayReport(Instant at, List<Row> summary, List<Change> changes) {

    /** A summary row: {@code incidents}, {@code P1}..{@code P5} (incidents by priority), {@code alerts in incidents}, ... */
    public record Row(String what, long baseline, long changed) {
    }

    /**
     * One change.
     *
     * @param kind     {@code merged}, {@code split}, {@code new-incident}, {@code gone-incident}, {@code priority},
     *                 {@code support-group}, {@code root-cause}, {@code newly-suppressed}, {@code no-longer-suppressed},
     *                 {@code problem-gained}, {@code problem-lost}, {@code sla}
     * @param incident the incident it concerns, as a person reads it
     * @param detail   what changed, {@code P3 -> P1}; the parts of a split or merge one per line
     */
    public record Change(String kind, Instant when, String incident, String detail) {
    }

    private static final List<String> ORDER = List.of("merged", "split", "new-incident", "gone-incident", "priority",
            "support-group", "root-cause", "newly-suppressed", "no-longer-suppressed", "problem-gained", "problem-lost", "sla");

    /** Compares the two outcomes as they were at {@code at}. */
    static ReplayReport compare(OfflineOutcome baseline, OfflineOutcome changed, Instant at) {
        List<Incident> before = baseline.incidentsAt(at);
        List<Incident> after = changed.incidentsAt(at);
        Map<String, AlertUpdate> alertsBefore = baseline.alertsAt(at);
        Map<String, AlertUpdate> alertsAfter = changed.alertsAt(at);
        List<Change> changes = new ArrayList<>();
        incidentChanges(before, after, alertsBefore, alertsAfter, baseline.slasAt(at), changed.slasAt(at), changes);
        suppressionChanges(alertsBefore, alertsAfter, changes);
        problemChanges(baseline.problemsAt(at), changed.problemsAt(at), changes);
        changes.sort(Comparator.comparing((Change c) -> ORDER.indexOf(c.kind())).thenComparing(Change::when)
                .thenComparing(Change::incident));

        List<Row> rows = new ArrayList<>();
        rows.add(new Row("incidents", before.size(), after.size()));
        for (Priority priority : Priority.values()) {
            long b = before.stream().filter(i -> i.priority() == priority).count();
            long a = after.stream().filter(i -> i.priority() == priority).count();
            if (a + b > 0) {
                rows.add(new Row(priority.name(), b, a));
            }
        }
        rows.add(new Row("alerts in incidents", before.stream().mapToLong(i -> i.alerts().size()).sum(),
                after.stream().mapToLong(i -> i.alerts().size()).sum()));
        rows.add(new Row("suppressed alerts", suppressed(alertsBefore).size(), suppressed(alertsAfter).size()));
        rows.add(new Row("problems", baseline.problemsAt(at).size(), changed.problemsAt(at).size()));
        rows.add(new Row("SLA breaches", breaches(baseline.slasAt(at)), breaches(changed.slasAt(at))));
        rows.add(new Row("rejected payloads", baseline.deadLetters().size(), changed.deadLetters().size()));
        return new ReplayReport(at, rows, changes);
    }

    private static void incidentChanges(List<Incident> before, List<Incident> after, Map<String, AlertUpdate> alertsBefore,
                                        Map<String, AlertUpdate> alertsAfter, List<SlaStatus> slasBefore,
                                        List<SlaStatus> slasAfter, List<Change> changes) {
        Map<String, Incident> afterByAlert = byAlert(after);
        Map<String, Incident> beforeByAlert = byAlert(before);
        for (Incident b : before) {
            Set<Incident> into = counterparts(b, afterByAlert);
            if (into.size() > 1) {
                changes.add(new Change("split", b.openedAt(), Describe.incident(b), "into " + into.size() + ":\n"
                        + into.stream().map(Describe::incident).collect(Collectors.joining("\n"))));
            } else if (into.isEmpty()) {
                changes.add(new Change("gone-incident", b.openedAt(), Describe.incident(b), "no incident now: "
                        + whereAlertsWent(b, alertsAfter)));
            } else {
                Incident a = into.iterator().next();
                if (counterparts(a, beforeByAlert).size() == 1) {
                    sameIncident(b, a, slasBefore, slasAfter, changes);
                }
            }
        }
        for (Incident a : after) {
            Set<Incident> from = counterparts(a, beforeByAlert);
            if (from.size() > 1) {
                changes.add(new Change("merged", a.openedAt(), Describe.incident(a), from.size() + " incidents into one:\n"
                        + from.stream().map(Describe::incident).collect(Collectors.joining("\n"))));
            } else if (from.isEmpty()) {
                changes.add(new Change("new-incident", a.openedAt(), Describe.incident(a), "before: "
                        + whereAlertsWent(a, alertsBefore)));
            }
        }
    }

    private static void sameIncident(Incident b, Incident a, List<SlaStatus> slasBefore, List<SlaStatus> slasAfter,
                                     List<Change> changes) {
        String name = Describe.incident(a);
        if (b.priority() != a.priority()) {
            changes.add(new Change("priority", a.openedAt(), name, b.priority() + " -> " + a.priority()
                    + (a.priority().compareTo(b.priority()) < 0 ? " (raised)" : " (lowered)")));
        }
        if (!Objects.equals(b.supportGroup(), a.supportGroup())) {
            changes.add(new Change("support-group", a.openedAt(), name, b.supportGroup() + " -> " + a.supportGroup()));
        }
        if (!Objects.equals(b.rootCauseCiId(), a.rootCauseCiId())) {
            changes.add(new Change("root-cause", a.openedAt(), name, b.rootCauseCiId() + " -> " + a.rootCauseCiId()));
        }
        Map<String, SlaState> clocksBefore = clocks(slasBefore, b.id());
        Map<String, SlaState> clocksAfter = clocks(slasAfter, a.id());
        for (String kind : new TreeSet<>(union(clocksBefore.keySet(), clocksAfter.keySet()))) {
            SlaState was = clocksBefore.get(kind);
            SlaState is = clocksAfter.get(kind);
            if (was != is) {
                changes.add(new Change("sla", a.openedAt(), name, kind + " " + (was == null ? "no clock" : was.json())
                        + " -> " + (is == null ? "no clock" : is.json())));
            }
        }
    }

    private static void suppressionChanges(Map<String, AlertUpdate> before, Map<String, AlertUpdate> after,
                                           List<Change> changes) {
        Map<String, AlertUpdate> was = suppressed(before);
        Map<String, AlertUpdate> is = suppressed(after);
        is.forEach((id, update) -> {
            if (!was.containsKey(id)) {
                changes.add(new Change("newly-suppressed", update.alert().startsAt(), Describe.alert(update.alert()),
                        "by " + update.suppressedBy()));
            }
        });
        was.forEach((id, update) -> {
            if (!is.containsKey(id)) {
                changes.add(new Change("no-longer-suppressed", update.alert().startsAt(), Describe.alert(update.alert()),
                        "was suppressed by " + update.suppressedBy()));
            }
        });
    }

    private static void problemChanges(List<Problem> before, List<Problem> after, List<Change> changes) {
        Function<Problem, String> key = p -> p.pattern() + " " + p.signature();
        Set<String> was = before.stream().map(key).collect(Collectors.toSet());
        Set<String> is = after.stream().map(key).collect(Collectors.toSet());
        after.stream().filter(p -> !was.contains(key.apply(p))).forEach(p -> changes.add(new Change("problem-gained",
                p.firstSeen(), p.title(), "pattern " + p.pattern() + ", " + p.occurrences() + " incidents")));
        before.stream().filter(p -> !is.contains(key.apply(p))).forEach(p -> changes.add(new Change("problem-lost",
                p.firstSeen(), p.title(), "pattern " + p.pattern() + ", " + p.occurrences() + " incidents")));
    }

    /** Where an incident's alerts are in the other run: in no incident, or suppressed and why. */
    private static String whereAlertsWent(Incident incident, Map<String, AlertUpdate> otherAlerts) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (var alert : incident.alerts()) {
            AlertUpdate other = otherAlerts.get(alert.id());
            String reason = other == null ? "not seen" : other.suppressedBy() != null ? "suppressed by " + other.suppressedBy()
                    : "in no incident";
            byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(Describe.alert(alert));
        }
        return byReason.entrySet().stream().map(e -> Describe.list(e.getValue()) + " " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    private static Map<String, Incident> byAlert(List<Incident> incidents) {
        Map<String, Incident> byAlert = new LinkedHashMap<>();
        incidents.forEach(i -> i.alertIds().forEach(id -> byAlert.put(id, i)));
        return byAlert;
    }

    private static Set<Incident> counterparts(Incident incident, Map<String, Incident> otherByAlert) {
        Set<Incident> found = new java.util.LinkedHashSet<>();
        incident.alertIds().forEach(id -> {
            if (otherByAlert.containsKey(id)) {
                found.add(otherByAlert.get(id));
            }
        });
        return found;
    }

    private static Map<String, AlertUpdate> suppressed(Map<String, AlertUpdate> alerts) {
        Map<String, AlertUpdate> suppressed = new LinkedHashMap<>();
        alerts.forEach((id, update) -> {
            if (update.suppressedBy() != null) {
                suppressed.put(id, update);
            }
        });
        return suppressed;
    }

    private static Map<String, SlaState> clocks(List<SlaStatus> slas, String incidentId) {
        return slas.stream().filter(s -> s.incidentId().equals(incidentId))
                .collect(Collectors.toMap(s -> s.kind().json(), SlaStatus::state, (x, y) -> y));
    }

    private static long breaches(List<SlaStatus> slas) {
        return slas.stream().filter(s -> s.state() == SlaState.BREACHED).count();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The report for a person: the summary table, the count of each kind of change, then the first {@code top}. */
    public void print(PrintWriter out, int top) {
        out.printf("%-24s %9s %9s %8s%n", "Outcome at " + at, "baseline", "new", "change");
        for (Row row : summary) {
            long delta = row.changed() - row.baseline();
            // the rows by priority under the incidents row
            out.printf("  %-22s %9d %9d %8s%n", (row.what().matches("P\\d") ? "  " : "") + row.what(), row.baseline(), row.changed(), delta == 0 ? "" : String.format("%+d", delta));
        }
        out.println();
        if (changes.isEmpty()) {
            out.println("No change: the new pack makes the same incidents, priorities, groups, suppressions, problems and SLA states.");
            return;
        }
        Map<String, Long> byKind = new LinkedHashMap<>();
        ORDER.forEach(kind -> {
            long n = changes.stream().filter(c -> c.kind().equals(kind)).count();
            if (n > 0) {
                byKind.put(kind, n);
            }
        });
        out.println("Changes: " + byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ")));
        changes.stream().limit(top).forEach(c -> {
            out.printf("  %-20s %s  %s%n", c.kind(), c.when(), c.incident());
            out.printf("  %-20s %s%n", "", c.detail().replace("\n", "\n" + " ".repeat(25)));
        });
        if (changes.size() > top) {
            out.printf("  ... %d more (--top %d shows them all)%n", changes.size() - top, changes.size());
        }
    }
}
