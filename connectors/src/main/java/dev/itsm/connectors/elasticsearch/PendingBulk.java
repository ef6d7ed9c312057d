package dev.itsm.connectors.elasticsearch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents waiting for the next bulk request, at most one per index and id.
 *
 * <p>When several revisions of one entity arrive before a flush only the newest is kept: a busy incident costs one
 * write per bulk, not one per change. An older revision arriving after a newer one is dropped here for the same
 * reason Elasticsearch would reject it (external versioning), so the outcome is the same either way. Not thread
 * safe: the sink writer uses it from the task's mailbox thread only.
 */
final class PendingBulk {
    private final Map<String, ElasticsearchDocument> byKey = new LinkedHashMap<>();
    private long bytes;
    private long collapsed;

    /** Adds a document, or replaces a waiting older revision of it. */
    void add(ElasticsearchDocument document) {
        String key = document.index() + '\u0000' + document.id();
        ElasticsearchDocument waiting = byKey.get(key);
        if (waiting == null) {
            byKey.put(key, document);
            bytes += document.estimatedBytes();
            return;
        }
        collapsed++;
        if (document.version() > waiting.version()) {
            byKey.put(key, document);
            bytes += document.estimatedBytes() - waiting.estimatedBytes();
        }
    }

    int size() {
        return byKey.size();
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** How many documents were absorbed by a newer (or equal) revision of the same id since the last call. */
    long takeCollapsedCount() {
        long result = collapsed;
        collapsed = 0;
        return result;
    }

    /** Removes and returns everything waiting, in arrival order of the ids. */
    List<ElasticsearchDocument> drain() {
        List<ElasticsearchDocument> documents = new ArrayList<>(byKey.values());
        byKey.clear();
        bytes = 0;
        return documents;
    }
}
