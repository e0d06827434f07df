package dev.a3c.wire;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;

/**
 * A gRPC marshaller for messages whose bulk is a tensor: it reads a received message once, into an array of its own,
 * and parses it with aliasing, so that the message's {@code bytes} fields are views of that array. gRPC's protobuf
 * marshaller reads every message into one reused buffer and so must copy each {@code bytes} field out of it: for a
 * 529 KB gradient or set of weights that is a second copy of every message. Sending is the protobuf marshaller's
 * (its stream writes the message straight into the transport's buffers), and so is receiving a message the
 * in-process transport hands over as the object itself.
 *
 * <p>The array is never reused, so a parsed message stays valid for as long as anything holds it. What it parses is
 * exactly what the protobuf marshaller parses: a malformed message fails with the same {@code INTERNAL} status.
 */
public final class AliasingMarshaller<T extends Message> implements MethodDescriptor.Marshaller<T> {

    /** gRPC's protobuf marshaller reads messages up to this size at once, larger ones as a stream: so does this one. */
    static final int MAX_BUFFERED = 4 * 1024 * 1024;

    private final MethodDescriptor.Marshaller<T> protobuf;
    private final Parser<T> parser;

    private AliasingMarshaller(T defaultInstance) {
        this.protobuf = ProtoUtils.marshaller(defaultInstance);
        @SuppressWarnings("unchecked")
        Parser<T> parser = (Parser<T>) defaultInstance.getParserForType();
        this.parser = parser;
    }

    public static <T extends Message> AliasingMarshaller<T> of(T defaultInstance) {
        return new AliasingMarshaller<>(defaultInstance);
    }

    /**
     * {@code method} with requests or responses or both parsed by aliasing marshallers, for the side that receives
     * them; the types and everything else unchanged.
     */
    public static <Q extends Message, R extends Message> MethodDescriptor<Q, R> receiving(
            MethodDescriptor<Q, R> method, Q requestPrototype, R responsePrototype) {
        MethodDescriptor.Builder<Q, R> builder = method.toBuilder();
        if (requestPrototype != null) {
            builder.setRequestMarshaller(of(requestPrototype));
        }
        if (responsePrototype != null) {
            builder.setResponseMarshaller(of(responsePrototype));
        }
        return builder.build();
    }

    @Override
    public InputStream stream(T value) {
        return protobuf.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
        // a Drainable is a message not yet serialized (the in-process transport's): the protobuf marshaller takes it
        // as it is; a stream of unknown length is read as a stream
        if (stream instanceof Drainable || !(stream instanceof KnownLength)) {
            return protobuf.parse(stream);
        }
        byte[] bytes;
        try {
            int size = stream.available();
            if (size <= 0 || size > MAX_BUFFERED) {
                return protobuf.parse(stream);
            }
            bytes = new byte[size];
            if (stream.readNBytes(bytes, 0, size) != size || stream.read() != -1) {
                throw new IllegalStateException("size inaccurate: the stream said " + size + " bytes");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // a CodedInputStream over an immutable array (the only way to get one is through a ByteString) aliases
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        input.enableAliasing(true);
        try {
            T message = parser.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
            input.checkLastTagWas(0);
            return message;
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
        }
    }
}
