package dev.itsm.jobs.slo;

/**
 * Consecutive bad slices of a service: slice indices {@code first} (inclusive) to {@code end} (exclusive), where
 * slice {@code k} is {@code [k × length, (k + 1) × length)} in epoch milliseconds.
 */
public record SliceRun(long first, long end) {
}
