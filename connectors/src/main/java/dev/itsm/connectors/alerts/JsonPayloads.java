package dev.itsm.connectors.alerts;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.itsm.core.json.Json;
import dev.itsm.core.model.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Bytes to a JSON tree, or a {@link Rejection} that says precisely why not. Never throws anything else.
 *
 * <p>The bytes must be UTF-8 (RFC 8259 section 8.1); they are checked here rather than by Jackson, which would
 * otherwise guess UTF-16 or UTF-32 from zero bytes and report random bytes in confusing terms. Limits: nesting depth
 * {@value #MAX_NESTING_DEPTH} (our formats need 4; a 10,000-deep document must not reach a recursive code path),
 * duplicate keys refused (which of two {@code "status"} values would be meant?), nothing after the value.
 */
final class JsonPayloads {
    static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = Json.configure(JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build()))
            .build();

    // Jackson cites a start marker as "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled);
    // line: 1, column: 29]": keep the position, drop the noise.
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");
    private static final int MAX_MESSAGE = 300;

    private JsonPayloads() {}

    /** Parses a whole payload. */
    static JsonNode parse(byte[] bytes) {
        String text = utf8(bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a UTF-8 byte order mark, as some Windows senders write
        }
        if (text.isBlank()) {
            throw new Rejection(DeadLetter.NOT_JSON, "not JSON: the payload is empty");
        }
        return read(text, "");
    }

    /**
     * Parses JSON embedded in a string field (Zabbix sends {EVENT.TAGSJSON} that way), with the same limits.
     *
     * @param where what the reason starts with, e.g. {@code "zabbix: tags: "}
     */
    static JsonNode parseEmbedded(String text, String where) {
        return read(text, where);
    }

    private static JsonNode read(String text, String where) {
        String prefix = where + "not JSON: ";
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new Rejection(DeadLetter.NOT_JSON, prefix + "no JSON value");
            }
            return node;
        } catch (StreamConstraintsException e) {
            // Thrown at the first token beyond the limit, before any tree is built.
            String message = e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? "JSON nested deeper than the limit of " + MAX_NESTING_DEPTH + " levels"
                    : "JSON exceeds a parser limit: " + clean(e.getOriginalMessage());
            throw new Rejection(DeadLetter.TOO_LARGE, where + message + at(e.getLocation()));
        } catch (JacksonException e) {
            // FAIL_ON_TRAILING_TOKENS words its finding in Jackson's internals; say it in the sender's terms.
            String problem = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
                    ? "more content after the end of the JSON value" : clean(e.getOriginalMessage());
            throw new Rejection(DeadLetter.NOT_JSON, prefix + problem + at(e.getLocation()));
        }
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            var shown = new StringBuilder();
            for (int i = offset; i < Math.min(bytes.length, offset + result.length()); i++) {
                shown.append(shown.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
            }
            throw new Rejection(DeadLetter.NOT_JSON,
                    "not JSON: invalid UTF-8 at byte offset " + Describe.count(offset) + " (" + shown + ")");
        }
        return out.flip().toString();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "malformed JSON";
        }
        String cleaned = SOURCE_LOCATION.matcher(message).replaceAll("line $1, column $2")
                .replace("\r", " ").replace("\n", " ");
        return cleaned.length() <= MAX_MESSAGE ? cleaned : cleaned.substring(0, MAX_MESSAGE) + "...";
    }
}
