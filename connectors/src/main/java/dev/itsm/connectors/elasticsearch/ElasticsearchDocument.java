package dev.itsm.connectors.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One whole document to write by id, with the entity's revision as its external version.
 *
 * <p>Elasticsearch keeps a document only if its version is strictly greater than the stored one, so a replayed or
 * late older revision can never overwrite a newer one.
 */
public final class ElasticsearchDocument {
    private final String index;
    private final String id;
    private final long version;
    private final byte[] source;

    /**
     * @param index  the target index
     * @param id     the document id (the entity id)
     * @param version the entity's revision, used as the external version; must be at least 0
     * @param source the whole document as UTF-8 JSON
     */
    public ElasticsearchDocument(String index, String id, long version, byte[] source) {
        this.index = requireText(index, "index");
        this.id = requireText(id, "id");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0 for document " + id + " but was " + version);
        }
        this.version = version;
        this.source = Objects.requireNonNull(source, "source");
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " cannot be empty");
        }
        return value;
    }

    public String index() {
        return index;
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    public byte[] source() {
        return source;
    }

    /** Approximate size of this document in a bulk request body: the source plus the action line. */
    public int estimatedBytes() {
        return source.length + index.length() + id.length() + 80;
    }

    @Override
    public String toString() {
        return index + "/" + id + "@" + version + " " + new String(source, StandardCharsets.UTF_8);
    }
}
