package dev.itsm.dashboards;

/** Setup could not finish; the message says which service, at which address, and what went wrong. */
public final class SetupException extends RuntimeException {

    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
