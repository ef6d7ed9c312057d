package dev.itsm.connectors.elasticsearch;

import java.io.IOException;

/** Elasticsearch refused documents for a reason that retrying cannot cure (e.g. a mapping error). */
public class ElasticsearchSinkException extends IOException {
    public ElasticsearchSinkException(String message) {
        super(message);
    }

    public ElasticsearchSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
