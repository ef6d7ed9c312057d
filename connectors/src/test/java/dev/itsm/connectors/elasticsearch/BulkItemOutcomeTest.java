package dev.itsm.connectors.elasticsearch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BulkItemOutcomeTest {

    @Test
    void shouldTreatCreatedAndUpdatedAsWritten() {
        assertThat(BulkItemOutcome.of(201, null)).isEqualTo(BulkItemOutcome.WRITTEN);
        assertThat(BulkItemOutcome.of(200, null)).isEqualTo(BulkItemOutcome.WRITTEN);
    }

    @Test
    void shouldTreatAVersionConflictAsAStaleRevisionNotAnError() {
        assertThat(BulkItemOutcome.of(409, "version_conflict_engine_exception")).isEqualTo(BulkItemOutcome.STALE);
    }

    @Test
    void shouldRetryOverloadAndServerErrors() {
        assertThat(BulkItemOutcome.of(429, "es_rejected_execution_exception")).isEqualTo(BulkItemOutcome.RETRY);
        assertThat(BulkItemOutcome.of(503, "unavailable_shards_exception")).isEqualTo(BulkItemOutcome.RETRY);
        assertThat(BulkItemOutcome.of(500, null)).isEqualTo(BulkItemOutcome.RETRY);
    }

    @Test
    void shouldFailForGoodOnAMappingError() {
        assertThat(BulkItemOutcome.of(400, "document_parsing_exception")).isEqualTo(BulkItemOutcome.FATAL);
        assertThat(BulkItemOutcome.of(400, "mapper_parsing_exception")).isEqualTo(BulkItemOutcome.FATAL);
        assertThat(BulkItemOutcome.of(403, "cluster_block_exception")).isEqualTo(BulkItemOutcome.FATAL);
    }
}
