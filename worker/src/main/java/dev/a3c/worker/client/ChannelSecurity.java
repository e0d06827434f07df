package dev.a3c.worker.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * How a worker's channel to the parameter server is protected: plaintext or TLS (trusting the
 * system's CAs or a given CA), optionally a client certificate (mutual TLS), an optional override of
 * the server name the certificate must match, and an optional shared token sent with every call.
 * A CA, a client certificate or a server-name override implies TLS. {@link #toString()} never
 * shows the token.
 *
 * @param tls use TLS
 * @param trustedCa trust only this CA (PEM) instead of the system's
 * @param certChain the client certificate chain for mutual TLS (PEM)
 * @param privateKey its private key (PKCS#8 PEM)
 * @param authority the server name to expect in its certificate instead of the host connected to
 * @param token the shared token
 */
public record ChannelSecurity(boolean tls, Optional<Path> trustedCa, Optional<Path> certChain,
                              Optional<Path> privateKey, Optional<String> authority, Optional<String> token) {

    /** Plaintext, no token. */
    public static final ChannelSecurity NONE = new ChannelSecurity(false, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public ChannelSecurity {
        Objects.requireNonNull(trustedCa);
        Objects.requireNonNull(certChain);
        Objects.requireNonNull(privateKey);
        Objects.requireNonNull(authority);
        Objects.requireNonNull(token);
        if (certChain.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs both the certificate chain and its private key");
        }
        if (authority.isPresent() && authority.get().isBlank()) {
            throw new IllegalArgumentException("the expected server name must not be empty");
        }
        tls = tls || trustedCa.isPresent() || certChain.isPresent() || authority.isPresent();
    }

    /** The same settings with this token. */
    public ChannelSecurity withToken(String token) {
        return new ChannelSecurity(tls, trustedCa, certChain, privateKey, authority, Optional.of(token));
    }

    /**
     * A channel builder for the server at {@code host:port} with these settings applied.
     *
     * @throws IllegalArgumentException when a file is missing or does not hold what it should
     */
    public NettyChannelBuilder channelBuilder(String host, int port) {
        // the client's callbacks only hand the answer over: no executor thread in between
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port).directExecutor();
        if (tls) {
            builder.sslContext(sslContext());
            authority.ifPresent(builder::overrideAuthority);
        } else {
            builder.usePlaintext();
        }
        token.ifPresent(t -> builder.intercept(withCredentials(new BearerToken(t))));
        return builder;
    }

    private SslContext sslContext() {
        SslContextBuilder builder = GrpcSslContexts.forClient();
        trustedCa.ifPresent(ca -> builder.trustManager(readable(ca, "TLS CA").toFile()));
        certChain.ifPresent(chain -> builder.keyManager(readable(chain, "TLS client certificate").toFile(),
                readable(privateKey.orElseThrow(), "TLS client private key").toFile()));
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage());
        }
    }

    private static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file '" + file + "' does not exist or is not readable");
        }
        return file;
    }

    private static ClientInterceptor withCredentials(BearerToken credentials) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return next.newCall(method, options.withCallCredentials(credentials));
            }
        };
    }

    @Override
    public String toString() {
        return "ChannelSecurity[tls=" + tls + ", trustedCa=" + trustedCa + ", certChain=" + certChain + ", privateKey="
                + privateKey + ", authority=" + authority + ", token=" + (token.isPresent() ? "<set>" : "<none>") + "]";
    }
}
