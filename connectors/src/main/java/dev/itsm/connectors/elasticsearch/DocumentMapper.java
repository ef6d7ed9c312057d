package dev.itsm.connectors.elasticsearch;

import java.io.Serializable;

/**
 * Turns a stream element into the whole document that represents it in Elasticsearch.
 *
 * <p>It runs in the sink writer, once per element: keep it cheap and free of I/O.
 */
@FunctionalInterface
public interface DocumentMapper<T> extends Serializable {
    ElasticsearchDocument toDocument(T element);
}
