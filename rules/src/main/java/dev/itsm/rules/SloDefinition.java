package dev.itsm.rules;

import dev.itsm.core.model.Impact;
import dev.itsm.core.model.Priority;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * One SLO of {@code slo.yaml}: the availability objective of a business service over a rolling window, counted in
 * time slices (OpenSLO's timeslice budgeting). A slice is bad when the service was impacted for more than
 * {@code 1 - timeSliceTarget} of it; compliance is the share of good slices in the window.
 *
 * @param id              unique within the pack; SLO records carry it as {@code slo.name}
 * @param service         the business service CI id, or {@link #ANY_SERVICE} for every impacted service without an SLO
 *                        of its own
 * @param objective       the objective as a fraction, strictly between 0 and 1 (99.9 % is 0.999)
 * @param window          the rolling window, a whole number of slices
 * @param timeSlice       the length of a slice; slices are aligned to the epoch
 * @param timeSliceTarget the share of a slice the service must be unimpacted for the slice to be good, 0 &lt; x &le; 1
 * @param unavailableWhen which open incidents make the service unavailable
 */
public record SloDefinition(String id, String service, double objective, Duration window, Duration timeSlice,
                            double timeSliceTarget, UnavailableWhen unavailableWhen) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The service of the default SLO: any impacted business service without an SLO of its own. */
    public static final String ANY_SERVICE = "*";

    public SloDefinition {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(service, "service must not be null");
        Objects.requireNonNull(window, "window must not be null");
        Objects.requireNonNull(timeSlice, "timeSlice must not be null");
        Objects.requireNonNull(unavailableWhen, "unavailableWhen must not be null");
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("SLO " + id + " needs 0 < objective < 1, was " + objective);
        }
        if (timeSlice.toMillis() <= 0 || window.toMillis() % timeSlice.toMillis() != 0
                || window.toMillis() == 0) {
            throw new IllegalArgumentException("SLO " + id + " needs a window of whole slices");
        }
        if (!(timeSliceTarget > 0 && timeSliceTarget <= 1)) {
            throw new IllegalArgumentException("SLO " + id + " needs 0 < timeSliceTarget <= 1");
        }
    }

    /** Whether an open incident of this priority and impact makes the SLO's service unavailable. */
    public boolean makesUnavailable(Priority priority, Impact impact) {
        return unavailableWhen.holds(priority, impact);
    }

    /** The window in Prometheus form, e.g. {@code 30d}: the second half of the SLO status id. */
    public String windowName() {
        return Values.format(window);
    }

    /** How many slices the window has. */
    public long slices() {
        return window.toMillis() / timeSlice.toMillis();
    }

    /** The error budget as a fraction of the window: {@code 1 - objective}. */
    public double errorBudget() {
        return 1 - objective;
    }

    /**
     * When an open incident makes a service unavailable: its priority is {@code priority} or higher (P1 is highest),
     * or its impact is {@code impact} or higher (high &gt; medium &gt; low). A {@code null} condition is not stated; at
     * least one is.
     */
    public record UnavailableWhen(Priority priority, Impact impact) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        public UnavailableWhen {
            if (priority == null && impact == null) {
                throw new IllegalArgumentException("unavailable-when needs a priority or an impact");
            }
        }

        /** Whether either stated condition holds ({@code null} arguments never match). */
        public boolean holds(Priority incidentPriority, Impact incidentImpact) {
            boolean byPriority = priority != null && incidentPriority != null
                    && incidentPriority.ordinal() <= priority.ordinal();
            boolean byImpact = impact != null && incidentImpact != null
                    && incidentImpact.ordinal() <= impact.ordinal();
            return byPriority || byImpact;
        }
    }
}
