package dev.itsm.connectors.alerts;

import dev.itsm.core.model.DeadLetter;

/**
 * Why a payload is refused: an error type ({@link DeadLetter} constants) and a precise reason. Thrown inside the
 * parser only and always caught by {@link AlertParser#parse}; it carries no stack trace because it is an expected
 * outcome, not a bug.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorType;

    Rejection(String errorType, String reason) {
        super(reason, null, false, false);
        this.errorType = errorType;
    }

    String errorType() {
        return errorType;
    }

    String reason() {
        return getMessage();
    }
}
