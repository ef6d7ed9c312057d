package dev.itsm.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.itsm.connectors.alerts.AlertFormat;
import dev.itsm.core.model.Alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Kafka key of a raw payload: stable for the same sender's updates, so they stay in order on one partition.
 * Alertmanager and Grafana groups: the {@code groupKey} (a group's firing and resolved messages share it). A single
 * Zabbix or generic alert: its fingerprint. Anything else (a generic batch): none.
 */
final class RecordKeys {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String GROUP_KEY = "groupKey";

    private RecordKeys() {
    }

    /** The key, or {@code null}; the payload has already been parsed into {@code alerts}, so it is valid JSON. */
    static byte[] keyOf(AlertFormat format, byte[] payload, List<Alert> alerts) {
        if (format == AlertFormat.ALERTMANAGER || format == AlertFormat.GRAFANA) {
            String groupKey = topLevelString(payload, GROUP_KEY);
            return groupKey == null || groupKey.isEmpty() ? null : groupKey.getBytes(StandardCharsets.UTF_8);
        }
        return alerts.size() == 1 ? alerts.get(0).fingerprint().getBytes(StandardCharsets.UTF_8) : null;
    }

    /** A string field of the top-level object, found by a streaming scan that skips every nested value. */
    static String topLevelString(byte[] payload, String field) {
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
