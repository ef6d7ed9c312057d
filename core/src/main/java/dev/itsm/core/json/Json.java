package dev.itsm.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Objects;

/**
 * The shared JSON codec for the domain records.
 *
 * <p>Configuration: {@code java.time} as ISO-8601 strings ({@code "2024-05-01T10:15:30Z"}), {@code null}
 * components left out, unknown properties ignored (a newer writer may add fields), trailing content after the value
 * rejected, enums read case-insensitively, floats as doubles, map entries written sorted by key (the same record
 * always gives the same bytes). Every failure is a {@link JsonCodecException}; nothing is swallowed.
 *
 * <p>The mapper is thread-safe and must not be reconfigured; to build a mapper for another format with the same
 * settings, use {@link #configure(MapperBuilder)}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configure(JsonMapper.builder()).build();

    private Json() {}

    /** Applies this codec's settings to a builder, e.g. {@code Json.configure(YAMLMapper.builder()).build()}. */
    public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(Objects.requireNonNull(value, "value must not be null"));
        } catch (IOException e) {
            throw writeFailure(value, e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(Objects.requireNonNull(value, "value must not be null"));
        } catch (IOException e) {
            throw writeFailure(value, e);
        }
    }

    /**
     * Reads one JSON value of the given type.
     *
     * @throws JsonCodecException for {@code null} or empty input, malformed JSON, a value the type rejects (the
     *                            record's validation message is included) or the JSON literal {@code null}
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        if (json == null) {
            throw new JsonCodecException("Cannot read " + type.getSimpleName() + " from JSON: input is null");
        }
        try {
            return notNull(MAPPER.readValue(json, type), type);
        } catch (IOException e) {
            throw readFailure("Cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    /** As {@link #fromBytes}, from a string. */
    public static <T> T fromString(String json, Class<T> type) {
        if (json == null) {
            throw new JsonCodecException("Cannot read " + type.getSimpleName() + " from JSON: input is null");
        }
        try {
            return notNull(MAPPER.readValue(json, type), type);
        } catch (IOException e) {
            throw readFailure("Cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    /** Converts a tree (e.g. one element of a webhook's alert array) into the given type. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return notNull(MAPPER.treeToValue(Objects.requireNonNull(tree, "tree must not be null"), type), type);
        } catch (IOException e) {
            throw readFailure("Cannot read " + type.getSimpleName() + " from JSON", e);
        }
    }

    /**
     * Parses any JSON value into a tree, for adapters that inspect a payload before choosing a type.
     *
     * @throws JsonCodecException for {@code null} or empty input or malformed JSON
     */
    public static JsonNode tree(byte[] json) {
        if (json == null) {
            throw new JsonCodecException("Cannot parse JSON: input is null");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            // readTree answers empty input with a MissingNode instead of failing
            if (node == null || node.isMissingNode()) {
                throw new JsonCodecException("Cannot parse JSON: no content");
            }
            return node;
        } catch (IOException e) {
            throw readFailure("Cannot parse JSON", e);
        }
    }

    private static <T> T notNull(T value, Class<T> type) {
        if (value == null) {
            throw new JsonCodecException("Cannot read " + type.getSimpleName() + " from JSON: the value is null");
        }
        return value;
    }

    // Jackson's own message repeats the location and, for records, wraps the validation message in
    // "Cannot construct instance of ...": rebuild it as "<what> at <where>: <problem>".
    private static JsonCodecException readFailure(String what, IOException e) {
        var message = new StringBuilder(what);
        if (e instanceof JacksonException je) {
            JsonLocation at = je.getLocation();
            if (at != null && at.getLineNr() > 0) {
                message.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
            }
            if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                message.append(" (").append(path(jme)).append(')');
            }
            boolean rejectedByRecord = e instanceof ValueInstantiationException && e.getCause() != null;
            message.append(": ").append(rejectedByRecord ? e.getCause().getMessage() : je.getOriginalMessage());
        } else {
            message.append(": ").append(e.getMessage());
        }
        return new JsonCodecException(message.toString(), e);
    }

    private static String path(JsonMappingException e) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append(ref.getFieldName() != null ? "/" + ref.getFieldName() : "/" + ref.getIndex());
        }
        return "at " + path;
    }

    private static JsonCodecException writeFailure(Object value, IOException e) {
        String problem = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        return new JsonCodecException("Cannot write " + value.getClass().getSimpleName() + " as JSON: " + problem, e);
    }
}
