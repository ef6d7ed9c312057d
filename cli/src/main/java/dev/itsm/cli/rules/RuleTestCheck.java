package dev.itsm.cli.rules;

import dev.itsm.core.model.Incident;
import dev.itsm.core.model.Problem;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.jobs.incident.AlertUpdate;
import dev.itsm.rules.RuleTestFile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what a rule test case expects with what the jobs produced, and says each difference as a line a person
 * can act on: {@code line 31: incident [NodeDown@host-fra1-db01]: priority: expected P2, got P1}.
 */
final class RuleTestCheck {

    private RuleTestCheck() {
    }

    /** Every difference, in the order of the expectation; empty when the case passes. */
    static List<String> differences(RuleTestFile.Expectation expect, OfflineOutcome outcome, Instant at) {
        List<String> differences = new ArrayList<>();
        if (expect.incidents() != null) {
            incidents(expect.incidents(), outcome.incidentsAt(at), outcome.slasAt(at), differences);
        }
        if (expect.suppressed() != null) {
            suppressed(expect.suppressed(), outcome.alertsAt(at).values(), differences);
        }
        if (expect.problems() != null) {
            problems(expect.problems(), outcome.problemsAt(at), differences);
        }
        return differences;
    }

    private static void incidents(List<RuleTestFile.ExpectedIncident> expected, List<Incident> actual, List<SlaStatus> slas,
                                  List<String> differences) {
        List<Incident> unmatched = new ArrayList<>(actual);
        for (RuleTestFile.ExpectedIncident want : expected) {
            String name = "line " + want.line() + ": incident" + (want.alerts() != null ? " " + Describe.list(want.alerts())
                    : want.rootCause() != null ? " with root cause " + want.rootCause() : "");
            Optional<Incident> found = match(want, unmatched);
            if (found.isEmpty()) {
                differences.add(name + ": missing");
                continue;
            }
            Incident got = found.get();
            unmatched.remove(got);
            if (want.alerts() != null) {
                Set<String> gotAlerts = Describe.alerts(got);
                TreeSet<String> missing = new TreeSet<>(want.alerts());
                missing.removeAll(gotAlerts);
                TreeSet<String> extra = new TreeSet<>(gotAlerts);
                extra.removeAll(want.alerts());
                if (!missing.isEmpty() || !extra.isEmpty()) {
                    differences.add(name + ": alerts: expected " + Describe.list(new TreeSet<>(want.alerts()).stream().toList())
                            + ", got " + Describe.list(List.copyOf(gotAlerts)) + (missing.isEmpty() ? "" : "; missing " + missing)
                            + (extra.isEmpty() ? "" : "; extra " + extra));
                }
            }
            field(differences, name, "root-cause", want.rootCause(), got.rootCauseCiId());
            field(differences, name, "priority", want.priority(), got.priority());
            field(differences, name, "support-group", want.supportGroup(), got.supportGroup());
            field(differences, name, "status", want.status() == null ? null : want.status().json(), got.status().json());
            field(differences, name, "title", want.title(), got.title());
            if (want.impactedServices() != null) {
                field(differences, name, "impacted-services", new TreeSet<>(want.impactedServices()),
                        new TreeSet<>(got.impactedServices()));
            }
            if (want.sla() != null) {
                Map<SlaKind, SlaState> clocks = new EnumMap<>(SlaKind.class);
                slas.stream().filter(s -> s.incidentId().equals(got.id())).forEach(s -> clocks.put(s.kind(), s.state()));
                want.sla().forEach((kind, state) -> field(differences, name, "sla." + kind.json(), state.json(),
                        Optional.ofNullable(clocks.get(kind)).map(SlaState::json).orElse("no clock")));
            }
        }
        unmatched.forEach(i -> differences.add("unexpected incident " + Describe.list(List.copyOf(Describe.alerts(i)))
                + ": " + Describe.incident(i)));
    }

    /** The expected incident's actual: by its alerts (most in common), else its root cause, else its title. */
    private static Optional<Incident> match(RuleTestFile.ExpectedIncident want, List<Incident> candidates) {
        if (want.alerts() != null) {
            return candidates.stream()
                    .filter(i -> Describe.alerts(i).stream().anyMatch(want.alerts()::contains))
                    .max(Comparator.comparingLong(i -> Describe.alerts(i).stream().filter(want.alerts()::contains).count()));
        }
        if (want.rootCause() != null) {
            return candidates.stream().filter(i -> want.rootCause().equals(i.rootCauseCiId())).findFirst();
        }
        if (want.title() != null) {
            return candidates.stream().filter(i -> want.title().equals(i.title())).findFirst();
        }
        return candidates.stream().findFirst();
    }

    private static void suppressed(List<RuleTestFile.ExpectedSuppression> expected,
                                   java.util.Collection<AlertUpdate> alerts, List<String> differences) {
        Map<String, AlertUpdate> suppressed = new HashMap<>();
        alerts.stream().filter(u -> u.suppressedBy() != null).forEach(u -> suppressed.put(Describe.alert(u.alert()), u));
        for (RuleTestFile.ExpectedSuppression want : expected) {
            String name = "line " + want.line() + ": suppressed " + want.alert();
            AlertUpdate got = suppressed.remove(want.alert());
            if (got == null) {
                differences.add(name + ": not suppressed");
            } else if (want.by() != null && !got.suppressedBy().startsWith(want.by())) {
                differences.add(name + ": by: expected " + want.by() + "..., got " + got.suppressedBy());
            }
        }
        suppressed.keySet().stream().sorted().forEach(alert ->
                differences.add("unexpected suppressed alert " + alert + ": by " + suppressed.get(alert).suppressedBy()));
    }

    private static void problems(List<RuleTestFile.ExpectedProblem> expected, List<Problem> actual, List<String> differences) {
        List<Problem> unmatched = new ArrayList<>(actual);
        for (RuleTestFile.ExpectedProblem want : expected) {
            String name = "line " + want.line() + ": problem" + (want.pattern() == null ? "" : " " + want.pattern())
                    + (want.rootCause() == null ? "" : " on " + want.rootCause());
            Optional<Problem> found = unmatched.stream()
                    .filter(p -> want.pattern() == null || want.pattern().equals(p.pattern()))
                    .filter(p -> want.rootCause() == null || want.rootCause().equals(p.rootCauseCiId()))
                    .findFirst();
            if (found.isEmpty()) {
                differences.add(name + ": missing");
                continue;
            }
            Problem got = found.get();
            unmatched.remove(got);
            field(differences, name, "status", want.status() == null ? null : want.status().json(), got.status().json());
            field(differences, name, "incidents", want.incidents(), got.occurrences());
        }
        unmatched.forEach(p -> differences.add("unexpected problem " + p.pattern() + " on " + p.rootCauseCiId() + ": "
                + p.status().json() + " \"" + p.title() + "\""));
    }

    private static void field(List<String> differences, String name, String field, Object expected, Object actual) {
        if (expected != null && !Objects.equals(expected, actual)) {
            differences.add(name + ": " + field + ": expected " + expected + ", got " + actual);
        }
    }
}
