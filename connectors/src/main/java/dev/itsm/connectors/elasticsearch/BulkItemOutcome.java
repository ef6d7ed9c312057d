package dev.itsm.connectors.elasticsearch;

/** What one item of a bulk response means for the sink. */
enum BulkItemOutcome {
    /** Written. */
    WRITTEN,
    /** A version conflict: Elasticsearch already holds this or a newer revision. Expected on replay; counted. */
    STALE,
    /** Overload or a transient server problem (429, 5xx): send the item again after a pause. */
    RETRY,
    /** The document itself is refused (mapping error, bad request): retrying cannot help; the job must fail loudly. */
    FATAL;

    static BulkItemOutcome of(int status, String errorType) {
        if (errorType == null && status >= 200 && status < 300) {
            return WRITTEN;
        }
        if (status == 409 || "version_conflict_engine_exception".equals(errorType)) {
            return STALE;
        }
        if (status == 429 || status >= 500) {
            return RETRY;
        }
        return FATAL;
    }
}
