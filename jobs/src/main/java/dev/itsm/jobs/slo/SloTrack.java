package dev.itsm.jobs.slo;

import java.util.List;
import java.util.Map;

/**
 * What {@link SloFunction} keeps of one service between inputs and timers.
 *
 * @param slo            the id of the SLO the slices were counted for
 * @param sliceMillis    the slice length they were counted in
 * @param decidedUntil   epoch ms: every slice before is decided, the one starting here is open
 * @param openImpactMillis unavailable time in the open slice before {@code impactedSince}
 * @param impactedSince  epoch ms since when the service is unavailable; -1 while it is not
 * @param bad            the bad slices within the longest window, as merged runs, oldest first
 * @param firingSince    burn-rate pair name ({@code 1h/5m}) to when it started firing, for the pairs that fire
 * @param shape          what the last emitted status showed, to tell whether the next one is news (see
 *                       {@link SloFunction})
 */
public record SloTrack(String slo, long sliceMillis, long decidedUntil, long openImpactMillis, long impactedSince,
                       List<SliceRun> bad, Map<String, Long> firingSince, List<Long> shape) {
}
