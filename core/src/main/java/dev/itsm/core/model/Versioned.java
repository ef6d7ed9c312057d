package dev.itsm.core.model;

/**
 * An entity written to Elasticsearch and to a compacted Kafka topic, keyed by {@link #id()}.
 *
 * <p>{@link #revision()} grows by one with every change of the entity and becomes the Elasticsearch external
 * version, so a stale or replayed write can never overwrite a newer document. Revisions come from checkpointed
 * state, never from a clock, so a replay regenerates the same numbers.
 */
public interface Versioned {

    /** JSON name of {@link #revision()} in every entity. */
    String REVISION_FIELD = "itsm.revision";

    /** Stable id: the Kafka key and the Elasticsearch document id. */
    String id();

    /** Non-negative, strictly increasing per id. */
    long revision();
}
