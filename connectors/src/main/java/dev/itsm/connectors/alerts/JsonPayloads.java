package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.connectors.json.StrictJson;
import dev.itsm.core.model.DeadLetter;


/**
 * Bytes to a JSON tree, or a {@link Rejection} that says precisely why not ({@link StrictJson}'s checks: UTF-8,
 * nesting depth {@value #MAX_NESTING_DEPTH} (our formats need 4), no duplicate keys, nothing after the value). Never
 * throws anything else.
 */
final class JsonPayloads {
    static final int MAX_NESTING_DEPTH = 64;

    private static final StrictJson JSON = new StrictJson(MAX_NESTING_DEPTH);

    private JsonPayloads() {}

    /** Parses a whole payload. */
    static JsonNode parse(byte[] bytes) {
        try {
            String text = StrictJson.text(bytes);
            if (text.isBlank()) {
                throw new Rejection(DeadLetter.NOT_JSON, "not JSON: the payload is empty");
            }
            return JSON.read(text);
        } catch (StrictJson.Refused e) {
            throw new Rejection(e.errorType(), e.getMessage());
        }
    }

    /**
     * Parses JSON embedded in a string field (Zabbix sends {EVENT.TAGSJSON} that way), with the same limits.
     *
     * @param where what the reason starts with, e.g. {@code "zabbix: tags: "}
     */
    static JsonNode parseEmbedded(String text, String where) {
        try {
            return JSON.read(text);
        } catch (StrictJson.Refused e) {
            throw new Rejection(e.errorType(), where + e.getMessage());
        }
    }
}
