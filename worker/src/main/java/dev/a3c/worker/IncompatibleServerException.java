package dev.a3c.worker;

/** The server's configuration or network cannot be run by this worker (another program version, another job). */
public final class IncompatibleServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IncompatibleServerException(String message) {
        super(message);
    }
}
