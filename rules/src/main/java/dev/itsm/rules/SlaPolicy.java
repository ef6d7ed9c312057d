package dev.itsm.rules;

import dev.itsm.core.model.Priority;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One policy of {@code sla.yaml}: the response and resolution targets of the incidents it matches, in the business
 * time of its calendar.
 *
 * <p>A policy matches an incident when all of the conditions it states hold: its priority is one of
 * {@link #priorities()}, one of its business services is one of {@link #services()}, its support group is one of
 * {@link #supportGroups()}; an empty list states no condition. {@link RulePack#slaPolicy} picks the first policy
 * that matches.
 *
 * <p>Immutable and {@link Serializable}; built only by {@link RulePackLoader}.
 */
public final class SlaPolicy implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String id;
    private final List<Priority> priorities;
    private final List<String> services;
    private final List<String> supportGroups;
    private final BusinessCalendar calendar;
    private final Duration response;
    private final Duration resolution;

    SlaPolicy(String id, List<Priority> priorities, List<String> services, List<String> supportGroups,
              BusinessCalendar calendar, Duration response, Duration resolution) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.priorities = List.copyOf(priorities);
        this.services = List.copyOf(services);
        this.supportGroups = List.copyOf(supportGroups);
        this.calendar = Objects.requireNonNull(calendar, "calendar must not be null");
        this.response = Objects.requireNonNull(response, "response must not be null");
        this.resolution = Objects.requireNonNull(resolution, "resolution must not be null");
        if (response.isNegative() || response.isZero() || resolution.compareTo(response) <= 0) {
            throw new IllegalArgumentException("policy " + id + " needs 0 < response < resolution");
        }
    }

    /** Unique within the pack's policies; SLA records name the policy by it. */
    public String id() {
        return id;
    }

    /** The priorities the policy is for, in the order of the file; empty = any. */
    public List<Priority> priorities() {
        return priorities;
    }

    /** Business service CI ids, one of which the incident must impact; empty = any. */
    public List<String> services() {
        return services;
    }

    /** Support groups, one of which the incident must be assigned to; empty = any. */
    public List<String> supportGroups() {
        return supportGroups;
    }

    /** The calendar whose open hours the targets are counted in. */
    public BusinessCalendar calendar() {
        return calendar;
    }

    /** Business time from opening until the incident must be acknowledged. */
    public Duration response() {
        return response;
    }

    /** Business time from opening until the incident must be resolved; longer than {@link #response()}. */
    public Duration resolution() {
        return resolution;
    }

    /**
     * Whether the policy applies to an incident.
     *
     * @param services     the business service CI ids the incident impacts; {@code null} or empty when none is
     *                     known (a policy naming services then does not match)
     * @param supportGroup {@code null} when the incident has none (a policy naming support groups then does not
     *                     match)
     */
    public boolean matches(Priority priority, Collection<String> services, String supportGroup) {
        Objects.requireNonNull(priority, "priority must not be null");
        if (!priorities.isEmpty() && !priorities.contains(priority)) {
            return false;
        }
        if (!supportGroups.isEmpty() && (supportGroup == null || !supportGroups.contains(supportGroup))) {
            return false;
        }
        if (this.services.isEmpty()) {
            return true;
        }
        if (services != null) {
            for (String service : services) {
                if (service != null && this.services.contains(service)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlaPolicy other && id.equals(other.id) && priorities.equals(other.priorities)
                && services.equals(other.services) && supportGroups.equals(other.supportGroups)
                && calendar.equals(other.calendar) && response.equals(other.response)
                && resolution.equals(other.resolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, priorities, services, supportGroups, calendar, response, resolution);
    }

    /** {@code SlaPolicy[p3: [P3], response 4h, resolution 1d6h, office-de]}. */
    @Override
    public String toString() {
        return "SlaPolicy[" + id + ": " + (priorities.isEmpty() ? "any priority" : priorities)
                + (services.isEmpty() ? "" : ", services " + services)
                + (supportGroups.isEmpty() ? "" : ", support groups " + supportGroups)
                + ", response " + Values.format(response) + ", resolution " + Values.format(resolution) + ", "
                + calendar.id() + "]";
    }
}
