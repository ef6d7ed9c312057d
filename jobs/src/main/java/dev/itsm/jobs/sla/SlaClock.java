package dev.itsm.jobs.sla;

import dev.itsm.core.model.Priority;
import dev.itsm.core.model.SlaKind;

import java.time.Instant;

/**
 * One SLA clock of one incident, as the SLA clocks keep it in state between changes.
 *
 * @param kind          response or resolution
 * @param policy        the id of the SLA policy whose target and calendar the clock counts in
 * @param priority      the incident priority the policy was chosen for
 * @param targetMillis  the policy's target for this kind, in business milliseconds
 * @param elapsedMillis business time counted up to {@code since}, pauses excluded
 * @param since         the instant up to which {@code elapsedMillis} is counted; while running, business time after
 *                      it counts too
 * @param paused        whether the clock is paused (hold)
 * @param startedAt     the incident's opening
 * @param stoppedAt     when the clock stopped; {@code null} while it runs or is paused
 * @param crossed       how many thresholds (the warnings, then 100 %) it has passed
 * @param breachedAt    when it passed 100 %; {@code null} before
 * @param supportGroup  the incident's support group; nullable
 * @param revision      the revision of the last {@code SlaStatus} emitted for it
 */
public record SlaClock(SlaKind kind, String policy, Priority priority, long targetMillis, long elapsedMillis,
                       Instant since, boolean paused, Instant startedAt, Instant stoppedAt, int crossed,
                       Instant breachedAt, String supportGroup, long revision) {
}
