package dev.a3c.infra.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the shared token the server and its workers agree on, from a file or an environment
 * variable. Errors name the file or the variable, never the token.
 */
public final class TokenSource {

    private TokenSource() {}

    /**
     * The token from at most one of the two sources.
     *
     * @param file a file holding the token (its content, trimmed), or null
     * @param variable the name of an environment variable holding the token, or null
     * @return the token, or empty when neither source is given
     * @throws IllegalArgumentException when both are given, or the one given holds no valid token
     */
    public static Optional<String> resolve(Path file, String variable) {
        return resolve(file, variable, System::getenv);
    }

    static Optional<String> resolve(Path file, String variable, Function<String, String> environment) {
        if (file != null && variable != null) {
            throw new IllegalArgumentException("give the token either in a file or in an environment variable, not both");
        }
        if (file != null) {
            return Optional.of(fromFile(file));
        }
        if (variable != null) {
            return Optional.of(fromEnvironment(variable, environment));
        }
        return Optional.empty();
    }

    /** The trimmed content of a file. */
    public static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("token file '" + file + "' does not exist or is not a file");
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read token file '" + file + "': " + e.getClass().getSimpleName());
        }
        return check(content.trim(), "token file '" + file + "'");
    }

    /** The trimmed value of an environment variable. */
    public static String fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static String fromEnvironment(String variable, Function<String, String> environment) {
        if (variable.isBlank()) {
            throw new IllegalArgumentException("the token's environment variable needs a name");
        }
        String value = environment.apply(variable);
        if (value == null) {
            throw new IllegalArgumentException("environment variable " + variable + " (the token) is not set");
        }
        return check(value.trim(), "environment variable " + variable);
    }

    /** A token travels in an HTTP/2 header: visible ASCII only, no spaces. */
    private static String check(String token, String source) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException(source + " holds an empty token");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(source + " must hold one token of visible ASCII characters"
                        + " without spaces");
            }
        }
        return token;
    }
}
