package dev.itsm.jobs.problem;

import dev.itsm.connectors.rules.RulePackRecord;
import dev.itsm.core.model.Incident;
import dev.itsm.core.model.IncidentAlert;
import dev.itsm.jobs.ActiveRulePack;
import dev.itsm.jobs.slo.BurnRateAlerts;
import dev.itsm.rules.ProblemPattern;
import dev.itsm.rules.RulePack;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns each incident change into one {@link ProblemCandidate} per problem pattern and signature: the values of the
 * pattern's signature fields in the incident. An incident that lacks a field (no known root cause, a label its
 * root-cause alert does not carry) makes no candidate for that pattern; a service-impact pattern makes one per
 * impacted business service, except for an incident made only of SLO burn-rate alerts (source {@code slo}): it
 * measures the impact of the other incidents and would count it twice. (Its recurrence still counts: a budget that
 * burns again and again is a problem.)
 *
 * <p>The patterns are those of the rule pack that runs when the change arrives: a pack published while the job runs
 * (the broadcast input, see {@link ActiveRulePack}) applies to every incident change processed after it arrived.
 */
public final class SignatureFunction extends BroadcastProcessFunction<Incident, RulePackRecord, ProblemCandidate> {
    private final ActiveRulePack active;

    /** @param rules the start-up pack, until one arrives on the broadcast input */
    public SignatureFunction(RulePack rules) {
        this.active = new ActiveRulePack(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        active.open(getRuntimeContext());
    }

    @Override
    public void processElement(Incident incident, ReadOnlyContext ctx, Collector<ProblemCandidate> out) throws Exception {
        candidates(active.get(ctx.getBroadcastState(ActiveRulePack.STATE)).problemPatterns(), incident, out);
    }

    @Override
    public void processBroadcastElement(RulePackRecord pack, Context ctx, Collector<ProblemCandidate> out) throws Exception {
        active.activate(pack, ctx.getBroadcastState(ActiveRulePack.STATE));
    }

    /** The candidates of one incident change for these patterns, in the patterns' order. */
    static void candidates(List<ProblemPattern> patterns, Incident incident, Collector<ProblemCandidate> out) {
        for (ProblemPattern pattern : patterns) {
            if (pattern.kind() == ProblemPattern.Kind.SERVICE_IMPACT) {
                if (BurnRateAlerts.onlyBurnRate(incident)) {
                    continue;
                }
                for (String service : new LinkedHashSet<>(incident.impactedServices())) {
                    if (!service.isBlank()) {
                        out.collect(candidate(pattern, Map.of(ProblemPattern.SERVICE, service), service, incident));
                    }
                }
            } else {
                values(pattern.signature(), incident).ifPresent(values ->
                        out.collect(candidate(pattern, values, subject(values), incident)));
            }
        }
    }

    private static ProblemCandidate candidate(ProblemPattern pattern, Map<String, String> values, String subject,
                                              Incident incident) {
        return new ProblemCandidate(pattern.id(), signature(values), subject, values.get(ProblemPattern.ROOT_CAUSE_CI),
                values.get(ProblemPattern.SERVICE), incident.id(), incident.revision(), incident.openedAt(),
                incident.updated(), incident.status(), incident.reopenCount());
    }

    /** The incident's value of each field, in the pattern's order; empty when it lacks one. */
    static Optional<Map<String, String>> values(List<String> fields, Incident incident) {
        IncidentAlert rootAlert = rootCauseAlert(incident);
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            String value = switch (field) {
                case ProblemPattern.ROOT_CAUSE_CI -> incident.rootCauseCiId();
                case ProblemPattern.ALERT_NAME -> rootAlert == null ? null : rootAlert.name();
                case ProblemPattern.SUPPORT_GROUP -> incident.supportGroup();
                case ProblemPattern.PRIORITY -> incident.priority().name();
                default -> rootAlert == null ? null
                        : rootAlert.labels().get(field.substring(ProblemPattern.LABEL_PREFIX.length()));
            };
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            values.put(field, value);
        }
        return Optional.of(values);
    }

    private static IncidentAlert rootCauseAlert(Incident incident) {
        if (incident.rootCauseAlertId() == null) {
            return null;
        }
        for (IncidentAlert alert : incident.alerts()) {
            if (alert.id().equals(incident.rootCauseAlertId())) {
                return alert;
            }
        }
        return null;
    }

    /**
     * {@code field=value, field=value}, in the pattern's order. A {@code \}, {@code ,} or {@code =} in a value is
     * escaped with {@code \}, so that two different sets of values never read the same.
     */
    static String signature(Map<String, String> values) {
        List<String> parts = new ArrayList<>(values.size());
        values.forEach((field, value) -> parts.add(field + "=" + value.replace("\\", "\\\\").replace(",", "\\,")
                .replace("=", "\\=")));
        return String.join(", ", parts);
    }

    /** The signature as a title says it: {@code PostgresDown on db01}, then the other fields. */
    static String subject(Map<String, String> values) {
        String alert = values.get(ProblemPattern.ALERT_NAME);
        String ci = values.get(ProblemPattern.ROOT_CAUSE_CI);
        List<String> parts = new ArrayList<>();
        if (alert != null) {
            parts.add(ci == null ? alert : alert + " on " + ci);
        } else if (ci != null) {
            parts.add(ci);
        }
        values.forEach((field, value) -> {
            switch (field) {
                case ProblemPattern.ALERT_NAME, ProblemPattern.ROOT_CAUSE_CI -> { }
                case ProblemPattern.SUPPORT_GROUP -> parts.add("group " + value);
                case ProblemPattern.PRIORITY -> parts.add(value);
                default -> parts.add(field.substring(ProblemPattern.LABEL_PREFIX.length()) + "=" + value);
            }
        });
        return String.join(", ", parts);
    }
}
