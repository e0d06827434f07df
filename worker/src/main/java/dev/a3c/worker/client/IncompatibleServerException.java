package dev.a3c.worker.client;

/** The server's configuration or network cannot be run by this worker (another program version, another job). */
public final class IncompatibleServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IncompatibleServerException(String message) {
        super(message);
    }
}
