package dev.itsm.connectors.json;

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
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Bytes from outside (an alert payload, a CMDB topic record) to a JSON tree, or a {@link Refused} that says precisely
 * why not, in the sender's terms rather than Jackson's. Never throws anything else.
 *
 * <p>The bytes must be UTF-8 (RFC 8259 section 8.1); they are checked here rather than by Jackson, which would
 * otherwise guess UTF-16 or UTF-32 from zero bytes and report random bytes in confusing terms. A leading byte order
 * mark is dropped. Limits: the nesting depth given (a 10,000-deep document must not reach a recursive code path),
 * duplicate keys refused (which of two {@code "status"} values would be meant?), nothing after the value.
 */
public final class StrictJson {
    private static final int MAX_MESSAGE = 300;
    // Jackson cites a start marker as "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled);
    // line: 1, column: 29]": keep the position, drop the noise.
    private static final Pattern SOURCE_LOCATION =
            Pattern.compile("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]");

    /** Why the bytes are not acceptable JSON: a {@link DeadLetter} error type and the problem in words. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        Refused(String errorType, String problem) {
            super(problem, null, false, false);
            this.errorType = errorType;
        }

        /** {@link DeadLetter#NOT_JSON} or {@link DeadLetter#TOO_LARGE}. */
        public String errorType() {
            return errorType;
        }
    }

    private final ObjectMapper mapper;
    private final int maxNestingDepth;

    public StrictJson(int maxNestingDepth) {
        this.maxNestingDepth = maxNestingDepth;
        this.mapper = Json.configure(JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build()))
                .build();
    }

    /**
     * The bytes as text: checked UTF-8, without a leading byte order mark.
     *
     * @throws Refused {@code not_json} at the first invalid byte, naming its offset and the bytes
     */
    public static String text(byte[] bytes) {
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
            StringBuilder shown = new StringBuilder();
            for (int i = offset; i < Math.min(bytes.length, offset + result.length()); i++) {
                shown.append(shown.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
            }
            throw new Refused(DeadLetter.NOT_JSON, "not JSON: invalid UTF-8 at byte offset "
                    + String.format(Locale.ROOT, "%,d", offset) + " (" + shown + ")");
        }
        String text = out.flip().toString();
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text; // as some Windows tools write
    }

    /**
     * The JSON value of the text.
     *
     * @throws Refused {@code too_large} beyond the nesting depth (or another parser limit), {@code not_json} for
     *                 anything else that is not exactly one JSON value, with its line and column
     */
    public JsonNode read(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new Refused(DeadLetter.NOT_JSON, "not JSON: no JSON value");
            }
            return node;
        } catch (StreamConstraintsException e) {
            // thrown at the first token beyond the limit, before any tree is built
            String problem = e.getMessage() != null && e.getMessage().contains("nesting depth")
                    ? "JSON nested deeper than the limit of " + maxNestingDepth + " levels"
                    : "JSON exceeds a parser limit: " + clean(e.getOriginalMessage());
            throw new Refused(DeadLetter.TOO_LARGE, problem + at(e.getLocation()));
        } catch (JacksonException e) {
            // FAIL_ON_TRAILING_TOKENS words its finding in Jackson's internals; say it in the sender's terms
            String problem = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")
                    ? "more content after the end of the JSON value" : clean(e.getOriginalMessage());
            throw new Refused(DeadLetter.NOT_JSON, "not JSON: " + problem + at(e.getLocation()));
        }
    }

    /** "an object", "an array", "a string", "a number", "a boolean", "null": what a value is, for messages. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() <= 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
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
