package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.itsm.connectors.json.StrictJson;
import java.util.Locale;

/** How reasons quote values and numbers: short, single-line, unambiguous. */
final class Describe {
    private static final int MAX_QUOTED = 80;

    private Describe() {}

    /** {@code 'text'}, cut to 80 characters, line breaks shown as {@code \n}. */
    static String quote(String text) {
        String shown = text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
        return "'" + shown.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    /** {@code 1,048,576}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "an object", "an array", "a string", "a number", "a boolean", "null". */
    static String kind(JsonNode node) {
        return StrictJson.kind(node);
    }
}
