package dev.itsm.jobs.sla;

import dev.itsm.core.model.IncidentStatus;
import dev.itsm.core.model.Priority;

import java.util.List;

/**
 * What the SLA clocks remember of an incident between its changes: enough to choose the policy again and to tell a
 * pause, a resume and a reopen from the next change.
 *
 * @param status         the status of the latest revision seen
 * @param priority       its priority
 * @param services       its impacted business services
 * @param supportGroup   its support group; nullable
 * @param pausedByStatus whether its status is one of the pack's pause statuses
 * @param paused         whether the clocks are paused: the latest of a change into or out of a pause status and a
 *                       hold or resume action decides
 * @param reopenCount    its reopen count: a higher one on an open incident reopens the resolution clock
 * @param revision       the latest incident revision seen: older and repeated ones are ignored
 * @param pauseSignalAt  event time (epoch ms) of the pause or resume signal that decided {@code paused}: a signal
 *                       older than it, read later, changes nothing
 */
public record SlaIncident(IncidentStatus status, Priority priority, List<String> services, String supportGroup,
                          boolean pausedByStatus, boolean paused, int reopenCount, long revision, long pauseSignalAt) {

    SlaIncident withPaused(boolean newPaused, long signalAt) {
        return new SlaIncident(status, priority, services, supportGroup, pausedByStatus, newPaused, reopenCount,
                revision, signalAt);
    }
}
