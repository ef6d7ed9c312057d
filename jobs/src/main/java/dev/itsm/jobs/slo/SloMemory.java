package dev.itsm.jobs.slo;

/**
 * What {@link SloFunction} keeps of a service for good, also after it cleared the rest: so that its statuses'
 * revisions keep rising (the {@code itsm-slo} document is written with the revision as external version) and a late
 * input never decides a slice that was decided before.
 *
 * @param revision     the revision of the last status emitted
 * @param decidedUntil epoch ms: the slices before were decided when the rest was last cleared (0 before that)
 */
public record SloMemory(long revision, long decidedUntil) {
}
