package dev.a3c.server.grpc;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * How the gRPC server protects itself: an optional shared token every call must carry, optional TLS
 * (certificate chain and PKCS#8 private key, PEM), and with TLS optional client certificates signed
 * by a given CA (mutual TLS). {@link #toString()} never shows the token.
 *
 * @param token the shared token calls must present as {@code authorization: Bearer <token>}
 * @param certChain the server's certificate chain (PEM)
 * @param privateKey the server's private key (PKCS#8 PEM)
 * @param clientCa when present, clients must present a certificate signed by this CA (PEM)
 */
public record ServerSecurity(Optional<String> token, Optional<Path> certChain, Optional<Path> privateKey,
                             Optional<Path> clientCa) {

    /** Plaintext, no token. */
    public static final ServerSecurity NONE = new ServerSecurity(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public ServerSecurity {
        Objects.requireNonNull(token);
        Objects.requireNonNull(certChain);
        Objects.requireNonNull(privateKey);
        Objects.requireNonNull(clientCa);
        if (token.isPresent() && token.get().isEmpty()) {
            throw new IllegalArgumentException("the token must not be empty");
        }
        if (certChain.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("TLS needs both a certificate chain and its private key");
        }
        if (clientCa.isPresent() && certChain.isEmpty()) {
            throw new IllegalArgumentException("client certificates (mutual TLS) need TLS: give the server's certificate and key too");
        }
    }

    /** Only a shared token, no TLS. */
    public static ServerSecurity token(String token) {
        return new ServerSecurity(Optional.of(token), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same settings, requiring this token. */
    public ServerSecurity withToken(String token) {
        return new ServerSecurity(Optional.of(token), certChain, privateKey, clientCa);
    }

    public boolean tls() {
        return certChain.isPresent();
    }

    /** For the log: the transport and whether a token is required, never the token. */
    public String describe() {
        String transport = !tls() ? "plaintext" : clientCa.isPresent() ? "mutual TLS" : "TLS";
        return token.isPresent() ? transport + ", token required" : transport;
    }

    /**
     * The server's TLS context, or empty without TLS.
     *
     * @throws IllegalArgumentException when a file is missing or does not hold what it should
     */
    public Optional<SslContext> sslContext() {
        if (!tls()) {
            return Optional.empty();
        }
        SslContextBuilder builder = GrpcSslContexts.forServer(readable(certChain.get(), "TLS certificate").toFile(),
                readable(privateKey.get(), "TLS private key").toFile());
        clientCa.ifPresent(ca -> builder.trustManager(readable(ca, "TLS client CA").toFile())
                .clientAuth(ClientAuth.REQUIRE));
        try {
            return Optional.of(builder.build());
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage());
        }
    }

    static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file '" + file + "' does not exist or is not readable");
        }
        return file;
    }

    @Override
    public String toString() {
        return "ServerSecurity[token=" + (token.isPresent() ? "<set>" : "<none>") + ", certChain=" + certChain
                + ", privateKey=" + privateKey + ", clientCa=" + clientCa + "]";
    }
}
