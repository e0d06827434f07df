package dev.a3c.server.grpc;

import dev.a3c.server.validation.Rejections;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a call through only when it carries {@code authorization: Bearer <token>} with the shared
 * token, compared in constant time; any other call is closed with {@code UNAUTHENTICATED} and
 * counted as {@code a3c.requests.rejected{reason="unauthenticated"}}. The token is never logged
 * nor echoed.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "Bearer ";

    private final byte[] expected;
    private final MeterRegistry meters;

    public TokenAuthInterceptor(String token, MeterRegistry meters) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the token must not be empty");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
        this.meters = meters;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String problem = problem(headers.get(AUTHORIZATION));
        if (problem == null) {
            return next.startCall(call, headers);
        }
        Rejections.count(meters, Rejections.UNAUTHENTICATED);
        call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
        return new ServerCall.Listener<>() { };
    }

    /** What is wrong with the header, or null when it carries the token. */
    private String problem(String authorization) {
        if (authorization == null) {
            return "missing bearer token";
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return "authorization is not a bearer token";
        }
        byte[] presented = authorization.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented) ? null : "invalid bearer token";
    }
}
