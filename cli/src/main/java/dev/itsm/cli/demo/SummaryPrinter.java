package dev.itsm.cli.demo;

import dev.itsm.core.model.AlertRole;
import dev.itsm.core.model.DeadLetter;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;
import dev.itsm.core.model.SlaState;
import dev.itsm.core.model.SlaStatus;
import dev.itsm.core.model.SloStatus;
import dev.itsm.core.model.BurnRate;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints a demo's summary the way a NOC operator reads it. */
public final class SummaryPrinter {
    /** The label of an incident closed because it merged into another (see the incident job). */
    static final String MERGED_INTO = "merged_into";

    private SummaryPrinter() {
    }

    public static void print(DemoRun.Summary summary, Map<String, String> whereToLook, PrintStream out) {
        long rejected = summary.rejected().size();
        long folded = summary.alertNotifications() - summary.distinctAlerts();
        out.println();
        out.println("Summary");
        out.printf("  Payloads received     %5d   (%d accepted, %d rejected)%n", summary.payloadsSent(), summary.payloadsSent() - rejected, rejected);
        out.printf("  Firing notifications  %5d%n", summary.alertNotifications());
        out.printf("  Distinct alerts       %5d   (%d repeats folded into them)%n", summary.distinctAlerts(), folded);
        List<Incident> incidents = summary.incidents().stream().filter(i -> !i.labels().containsKey(MERGED_INTO)).toList();
        long merged = summary.incidents().size() - incidents.size();
        Map<Priority, Long> byPriority = new EnumMap<>(Priority.class);
        Map<IncidentStatus, Long> byStatus = new EnumMap<>(IncidentStatus.class);
        incidents.forEach(i -> {
            byPriority.merge(i.priority(), 1L, Long::sum);
            byStatus.merge(i.status(), 1L, Long::sum);
        });
        out.printf("  Incidents             %5d   (%s; %s)%s%n", incidents.size(),
                byPriority.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")),
                byStatus.entrySet().stream().map(e -> e.getKey().json() + ": " + e.getValue()).collect(Collectors.joining(", ")),
                merged == 0 ? "" : "; " + merged + " more merged into them when their common cause alerted");
        if (summary.alertNotifications() > 0) {
            out.printf("  Noise reduction       %4.1f%%   (%d firing notifications -> %d distinct alerts -> %d incidents)%n",
                    100.0 * (1 - (double) incidents.size() / summary.alertNotifications()), summary.alertNotifications(),
                    summary.distinctAlerts(), incidents.size());
        }
        out.println();
        out.println("  Incidents by priority (root cause: the most upstream alerting CI; symptoms: alerts on CIs that depend on it):");
        incidents.stream().sorted(Comparator.comparing(Incident::priority).thenComparing(Incident::openedAt)).forEach(i -> {
            out.printf("    %s  %-8s  %-52s  %-12s  %d alert%s%n", i.priority(), i.status().json(), shorten(i.title(), 52),
                    i.supportGroup(), i.alerts().size(), i.alerts().size() == 1 ? "" : "s");
            long symptoms = i.alerts().stream().filter(a -> a.role() == AlertRole.SYMPTOM).count();
            out.printf("        root cause %s%s; impacted services: %s%n",
                    "true".equals(i.labels().get("ci_unknown")) ? "unknown (the CMDB does not know " + where(i) + ")" : i.rootCauseCiId(),
                    symptoms == 0 ? "" : " (" + symptoms + " symptom" + (symptoms == 1 ? "" : "s") + ")",
                    i.impactedServices().isEmpty() ? "none known" : String.join(", ", i.impactedServices()));
        });
        printSlas(summary, incidents, out);
        printSlos(summary, out);
        out.println();
        if (summary.problems().isEmpty()) {
            out.println("  Problems: none (a problem needs incidents that recur; see rules/pack/problems.yaml)");
        } else {
            out.printf("  Problems: %d (found by the problem job from recurring incidents)%n", summary.problems().size());
            summary.problems().forEach(p -> {
                out.printf("    %-8s  %s%n", p.status().json(), p.title());
                out.printf("        pattern %s, %d incident%s from %s to %s; %s%n", p.pattern(), p.occurrences(),
                        p.occurrences() == 1 ? "" : "s", p.firstSeen(), p.lastSeen(), p.id());
            });
        }
        if (!summary.rejected().isEmpty()) {
            out.println();
            out.println("  Rejected payloads (kept with their original bytes in the dead-letter topic):");
            Map<String, Long> byType = new TreeMap<>();
            summary.rejected().forEach(l -> byType.merge(l.errorType(), 1L, Long::sum));
            for (DeadLetter letter : summary.rejected()) {
                out.printf("    %-15s %s%n", letter.errorType(), shorten(letter.reason(), 110));
            }
        }
        out.println();
        out.println("  Where to look:");
        whereToLook.forEach((what, where) -> out.printf("    %-22s %s%n", what, where));
        out.printf("  Played in %.1f s.%n", summary.playTime().toMillis() / 1000.0);
    }

    /** One line per incident: its response and resolution clocks as the SLA clocks last left them. */
    private static void printSlas(DemoRun.Summary summary, List<Incident> incidents, PrintStream out) {
        Map<String, Map<SlaKind, SlaStatus>> byIncident = new TreeMap<>();
        summary.slas().forEach(s -> byIncident.computeIfAbsent(s.incidentId(), id -> new EnumMap<>(SlaKind.class)).put(s.kind(), s));
        Map<SlaState, Long> byState = new EnumMap<>(SlaState.class);
        summary.slas().forEach(s -> byState.merge(s.state(), 1L, Long::sum));
        out.println();
        out.printf("  SLA clocks            %5d   (%s; targets and calendars: rules/pack/sla.yaml)%n", summary.slas().size(),
                byState.entrySet().stream().map(e -> e.getKey().json() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        incidents.stream().filter(i -> byIncident.containsKey(i.id()))
                .sorted(Comparator.comparing(Incident::priority).thenComparing(Incident::openedAt)).forEach(i -> {
                    Map<SlaKind, SlaStatus> clocks = byIncident.get(i.id());
                    out.printf("    %s  %-52s  response %-28s  resolution %s%n", i.priority(), shorten(i.title(), 52),
                            clock(clocks.get(SlaKind.RESPONSE)), clock(clocks.get(SlaKind.RESOLUTION)));
                });
    }

    /**
     * One line per SLO as it ended (compliance, error budget left), then each burn-rate pair that fired, with when it
     * fired and cleared (from the SLO changelog: the index only keeps the last state).
     */
    private static void printSlos(DemoRun.Summary summary, PrintStream out) {
        out.println();
        List<SloStatus> slos = summary.slos();
        if (slos.isEmpty()) {
            out.println("  SLOs: no service was impacted (availability objectives: rules/pack/slo.yaml)");
            return;
        }
        out.printf("  SLOs: %d service%s impacted (availability over a rolling window, in time slices; rules/pack/slo.yaml)%n",
                slos.size(), slos.size() == 1 ? "" : "s");
        Map<String, List<SloStatus>> changes = new TreeMap<>();
        summary.sloChanges().forEach(c -> changes.computeIfAbsent(c.id(), id -> new java.util.ArrayList<>()).add(c));
        for (SloStatus slo : slos) {
            out.printf("    %-20s objective %s%% over %-4s compliance %.3f%%  error budget left %5.1f%%  (%d bad slice%s of %s)%n",
                    slo.service(), trim(slo.objective() * 100), slo.window(), slo.compliance() * 100, slo.errorBudgetRemaining() * 100,
                    slo.slicesBad(), slo.slicesBad() == 1 ? "" : "s", human(slo.timeSliceMillis()));
            List<SloStatus> history = changes.getOrDefault(slo.id(), List.of()).stream()
                    .sorted(Comparator.comparingLong(SloStatus::revision)).toList();
            Map<String, String> pairs = new java.util.LinkedHashMap<>();
            Map<String, Boolean> firing = new java.util.HashMap<>();
            for (SloStatus change : history) {
                for (BurnRate rate : change.burnRates()) {
                    boolean was = firing.getOrDefault(rate.window(), false);
                    String at = change.updated().toString().substring(11, 19);
                    if (rate.firing() && !was) {
                        pairs.merge(rate.window(), "fired " + at, (a, b) -> a + ", " + b);
                    } else if (!rate.firing() && was) {
                        pairs.merge(rate.window(), "cleared " + at, (a, b) -> a + ", " + b);
                    }
                    firing.put(rate.window(), rate.firing());
                }
            }
            pairs.forEach((window, story) -> out.printf("        burn rate %-6s %s%s%n", window, story,
                    firing.getOrDefault(window, false) ? " (still firing)" : ""));
        }
    }

    private static String trim(double percent) {
        return java.math.BigDecimal.valueOf(percent).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** {@code met 14m55s of 15m}, {@code BREACHED at 09:33:45 (30m)}, {@code running 40% of 8h}. */
    static String clock(SlaStatus status) {
        if (status == null) {
            return "-";
        }
        String target = human(status.targetMillis());
        return switch (status.state()) {
            case MET -> "met in " + human(status.elapsedMillis()) + " of " + target;
            case BREACHED -> "BREACHED at " + status.breachAt().toString().substring(11, 19) + " (" + target + ")";
            default -> status.state().json() + " " + Math.round(status.percent()) + "% of " + target;
        };
    }

    /** 14m55s, 4h, 1h30m. */
    private static String human(long millis) {
        long seconds = millis / 1000;
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || text.length() == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    private static String where(Incident incident) {
        return incident.alerts().stream().map(a -> a.hostName() != null ? a.hostName() : a.hostIp() != null ? a.hostIp() : a.serviceName())
                .filter(java.util.Objects::nonNull).findFirst().orElse("its CI");
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
