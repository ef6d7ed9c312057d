package dev.itsm.rules;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A compiled maintenance window or silence: which alerts it covers, and when. */
final class SuppressionRule implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String id;
    private final Set<String> cis;
    private final Set<String> services;
    private final List<LabelMatcher> matchers;
    private final Schedule schedule;

    SuppressionRule(String kind, String id, Collection<String> cis, Collection<String> services,
                    List<LabelMatcher> matchers, Schedule schedule) {
        this.kind = kind;
        this.id = id;
        this.cis = Set.copyOf(cis);
        this.services = Set.copyOf(services);
        this.matchers = List.copyOf(matchers);
        this.schedule = schedule;
    }

    static SuppressionRule of(MaintenanceSpec.WindowSpec window) {
        return new SuppressionRule(Suppression.MAINTENANCE, window.id(), window.cis(), window.services(),
                window.matchers(), window.schedule());
    }

    static SuppressionRule of(MaintenanceSpec.SilenceSpec silence) {
        return new SuppressionRule(Suppression.SILENCE, silence.id(), List.of(), List.of(), silence.matchers(),
                new Schedule.OneOff(silence.startsAt(), silence.endsAt()));
    }

    /**
     * Whether an alert is in scope: (its CI is listed, or one of its services is, or neither list is given) and
     * every matcher matches.
     */
    boolean covers(String ciId, Collection<String> alertServices, Map<String, String> labels) {
        if (!cis.isEmpty() || !services.isEmpty()) {
            boolean listed = ciId != null && cis.contains(ciId);
            if (!listed && alertServices != null && !services.isEmpty()) {
                for (String service : alertServices) {
                    if (service != null && services.contains(service)) {
                        listed = true;
                        break;
                    }
                }
            }
            if (!listed) {
                return false;
            }
        }
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** {@link Suppression#MAINTENANCE} or {@link Suppression#SILENCE}. */
    String kind() {
        return kind;
    }

    String id() {
        return id;
    }

    Optional<Suppression> activeAt(Instant at) {
        return schedule.activeAt(at).map(o -> new Suppression(kind, id, o.from(), o.until()));
    }
}
