package dev.itsm.connectors.elasticsearch;

import dev.itsm.core.json.Json;
import dev.itsm.core.model.Versioned;

/** Document mappers for the project's entities: the whole entity as JSON, by id, versioned by its revision. */
public final class VersionedDocuments {

    private VersionedDocuments() {
    }

    /** Maps any {@link Versioned} entity to a document of the given index. */
    public static <T extends Versioned> DocumentMapper<T> into(String index) {
        return entity -> new ElasticsearchDocument(index, entity.id(), entity.revision(), Json.toBytes(entity));
    }
}
