package dev.itsm.connectors.elasticsearch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PendingBulkTest {

    static ElasticsearchDocument doc(String index, String id, long version) {
        return new ElasticsearchDocument(index, id, version, ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldCollapseSeveralRevisionsOfOneIdToTheNewest() {
        PendingBulk bulk = new PendingBulk();
        bulk.add(doc("itsm-incidents", "a", 1));
        bulk.add(doc("itsm-incidents", "b", 1));
        bulk.add(doc("itsm-incidents", "a", 3));
        bulk.add(doc("itsm-incidents", "a", 2));

        assertThat(bulk.size()).isEqualTo(2);
        assertThat(bulk.takeCollapsedCount()).isEqualTo(2);
        assertThat(bulk.takeCollapsedCount()).isZero();
        assertThat(bulk.drain()).extracting(ElasticsearchDocument::id, ElasticsearchDocument::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 3L), org.assertj.core.groups.Tuple.tuple("b", 1L));
        assertThat(bulk.isEmpty()).isTrue();
        assertThat(bulk.bytes()).isZero();
    }

    @Test
    void shouldKeepTheSameIdInDifferentIndicesApart() {
        PendingBulk bulk = new PendingBulk();
        bulk.add(doc("itsm-incidents", "a", 1));
        bulk.add(doc("itsm-problems", "a", 1));

        assertThat(bulk.size()).isEqualTo(2);
        assertThat(bulk.takeCollapsedCount()).isZero();
    }

    @Test
    void shouldTrackTheSizeOfTheWaitingDocumentsOnly() {
        PendingBulk bulk = new PendingBulk();
        ElasticsearchDocument small = doc("i", "a", 1);
        ElasticsearchDocument bigger = new ElasticsearchDocument("i", "a", 2, new byte[1000]);
        bulk.add(small);
        assertThat(bulk.bytes()).isEqualTo(small.estimatedBytes());
        bulk.add(bigger);
        assertThat(bulk.bytes()).isEqualTo(bigger.estimatedBytes());
    }
}
