package dev.itsm.core.json;

/**
 * JSON could not be read into, or written from, a type. The message names the type and, when reading, where in
 * the input and what was wrong, so it can serve as a dead-letter reason as is.
 */
public class JsonCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonCodecException(String message, Throwable cause) {
        super(message, cause);
    }

    public JsonCodecException(String message) {
        super(message);
    }
}
