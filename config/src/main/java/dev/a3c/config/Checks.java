package dev.a3c.config;

/** The one way configuration records refuse a value. */
final class Checks {

    private Checks() {}

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
