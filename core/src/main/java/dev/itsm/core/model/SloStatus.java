package dev.itsm.core.model;

import static dev.itsm.core.model.Versioned.REVISION_FIELD;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Availability of one business service over one rolling window, from its service-impacting incident time, counted
 * in time slices (OpenSLO's timeslice budgeting): one document per service and window, updated.
 *
 * @param id                   {@link #idOf}: service + {@code ":"} + window ({@code slo.id})
 * @param name                 the id of the SLO in the rule pack ({@code slo.name})
 * @param service              business service id ({@code service.id})
 * @param window               window name, e.g. {@code "30d"} ({@code slo.window})
 * @param windowMillis         ({@code slo.window_ms})
 * @param timeSliceMillis      the length of a slice ({@code slo.time_slice_ms})
 * @param objective            target availability, strictly between 0 and 1, e.g. 0.999 ({@code slo.objective})
 * @param slicesTotal          slices in the window: window / slice ({@code slo.slices_total})
 * @param slicesBad            bad slices in the window ({@code slo.slices_bad})
 * @param compliance           measured availability, 0..1: 1 - bad / total ({@code slo.compliance})
 * @param errorBudgetRemaining fraction of the error budget left: 1 untouched, 0 spent, negative overspent
 *                             ({@code slo.error_budget_remaining})
 * @param unavailableMillis    bad slices x slice length ({@code slo.unavailable_ms})
 * @param impacted             whether an incident makes the service unavailable right now ({@code service.impacted})
 * @param burnRates            multi-window burn-rate checks, one per pair of the rule pack ({@code slo.burn_rates})
 * @param revision             see {@link Versioned} ({@code itsm.revision})
 * @param rulePackVersion      lineage ({@code itsm.rule_pack_version})
 * @param updated              event time of this evaluation ({@code @timestamp})
 */
public record SloStatus(
        @JsonProperty("slo.id") String id,
        @JsonProperty("slo.name") String name,
        @JsonProperty("service.id") String service,
        @JsonProperty("slo.window") String window,
        @JsonProperty("slo.window_ms") long windowMillis,
        @JsonProperty("slo.time_slice_ms") long timeSliceMillis,
        @JsonProperty("slo.objective") double objective,
        @JsonProperty("slo.slices_total") long slicesTotal,
        @JsonProperty("slo.slices_bad") long slicesBad,
        @JsonProperty("slo.compliance") double compliance,
        @JsonProperty("slo.error_budget_remaining") double errorBudgetRemaining,
        @JsonProperty("slo.unavailable_ms") long unavailableMillis,
        @JsonProperty("service.impacted") boolean impacted,
        @JsonProperty("slo.burn_rates") List<BurnRate> burnRates,
        @JsonProperty(REVISION_FIELD) long revision,
        @JsonProperty("itsm.rule_pack_version") String rulePackVersion,
        @JsonProperty("@timestamp") Instant updated) implements Versioned {

    public SloStatus {
        Checks.id(id, "SloStatus id");
        Checks.nonBlank(name, "SloStatus name");
        Checks.nonBlank(service, "SloStatus service");
        Checks.nonBlank(window, "SloStatus window");
        if (!id.equals(idOf(service, window))) {
            throw new IllegalArgumentException(
                    "SloStatus id must be '" + idOf(service, window) + "' (service:window), was '" + id + "'");
        }
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("SloStatus windowMillis must be > 0, was " + windowMillis);
        }
        if (timeSliceMillis <= 0) {
            throw new IllegalArgumentException("SloStatus timeSliceMillis must be > 0, was " + timeSliceMillis);
        }
        // an objective of 1 leaves no error budget to divide by
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("SloStatus objective must be > 0 and < 1, was " + objective);
        }
        if (slicesTotal <= 0 || slicesBad < 0 || slicesBad > slicesTotal) {
            throw new IllegalArgumentException("SloStatus needs 0 <= slicesBad <= slicesTotal and slicesTotal > 0, "
                    + "was " + slicesBad + " of " + slicesTotal);
        }
        Checks.nonNegative(unavailableMillis, "SloStatus unavailableMillis");
        burnRates = Checks.list(burnRates, "SloStatus burnRates");
        Checks.revision(revision, "SloStatus");
        Checks.nonBlank(rulePackVersion, "SloStatus rulePackVersion");
        Checks.required(updated, "SloStatus updated");
    }

    /** {@code service + ":" + window}, e.g. {@code "checkout:30d"}. */
    public static String idOf(String service, String window) {
        return service + ":" + window;
    }

    public SloStatus withRevision(long newRevision) {
        return new SloStatus(id, name, service, window, windowMillis, timeSliceMillis, objective, slicesTotal,
                slicesBad, compliance, errorBudgetRemaining, unavailableMillis, impacted, burnRates, newRevision,
                rulePackVersion, updated);
    }
}
