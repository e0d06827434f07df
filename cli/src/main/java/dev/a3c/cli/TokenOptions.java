package dev.a3c.cli;

import dev.a3c.infra.security.TokenSource;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the shared gRPC token comes from, shared by {@code server} and {@code worker}. */
final class TokenOptions {

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Shared token for gRPC calls: the file's content, trimmed. Not with --token-env.")
    Path tokenFile;

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Shared token for gRPC calls: the value of this environment variable. Not with --token-file.")
    String tokenVariable;

    /** The token, if one was asked for; a one-line IllegalArgumentException when it cannot be read. */
    Optional<String> token() {
        return TokenSource.resolve(tokenFile, tokenVariable);
    }
}
