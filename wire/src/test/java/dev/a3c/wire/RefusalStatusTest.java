package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RefusalStatusTest {

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusalTravelsWithItsCodeReasonAndName(Refusal refusal) {
        StatusRuntimeException e = RefusalStatus.toException(refusal, "why");
        assertEquals(refusal.code(), e.getStatus().getCode());
        assertEquals("why", e.getStatus().getDescription());
        assertEquals(Optional.of(refusal), RefusalStatus.of(e));
        assertEquals(Optional.of(refusal), Refusal.ofTag(refusal.tag()));
    }

    @Test
    void tagsAreDistinctMetricLabels() {
        Set<String> tags = new HashSet<>();
        for (Refusal r : Refusal.values()) {
            assertEquals(r.tag(), r.tag().toLowerCase(java.util.Locale.ROOT));
            assertEquals(true, tags.add(r.tag()), r.tag());
        }
    }

    @Test
    void aStatusWithoutTheTrailerNamesNoRefusal() {
        assertEquals(Optional.empty(), RefusalStatus.of(Status.UNAVAILABLE.asRuntimeException()));
        assertEquals(Optional.empty(), RefusalStatus.of(new StatusRuntimeException(Status.NOT_FOUND, null)));
    }

    @Test
    void anUnknownTagOrATagOfAnotherCodeNamesNoRefusal() {
        assertEquals(Optional.empty(), RefusalStatus.of(withTrailer(Status.INVALID_ARGUMENT, "from_a_newer_server")));
        // a stale refusal is FAILED_PRECONDITION; the same tag on another code is not believed
        assertEquals(Optional.empty(), RefusalStatus.of(withTrailer(Status.UNAVAILABLE, Refusal.STALE.tag())));
        assertEquals(Optional.of(Refusal.STALE), RefusalStatus.of(withTrailer(Status.FAILED_PRECONDITION, "stale")));
    }

    private static StatusRuntimeException withTrailer(Status status, String tag) {
        Metadata trailers = new Metadata();
        trailers.put(RefusalStatus.TRAILER, tag);
        return status.asRuntimeException(trailers);
    }
}
