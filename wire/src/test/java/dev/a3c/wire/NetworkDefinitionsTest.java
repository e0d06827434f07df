package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.config.TrainingConfig;
import dev.a3c.env.Environments;
import dev.a3c.learning.ActionHead;
import dev.a3c.proto.NetworkDefinition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkDefinitionsTest {

    static Stream<NetworkSpec> specs() {
        return Stream.concat(
                Environments.ids().stream().map(id -> TrainingConfig.defaults(id).networkSpec()),
                Stream.of(TrainingConfig.of("Pendulum-v1", "--lstm 16 --state-dependent-std").networkSpec(),
                        TrainingConfig.of("Acrobot-v1", "--separate-critic").networkSpec(),
                        TrainingConfig.of("CartPole-v1", "--hidden 32,16 --activation relu").networkSpec(),
                        TrainingConfig.of("MinAtar/Breakout-v1", "--conv 8x3/1,8x3/2 --lstm 8").networkSpec(),
                        new NetworkSpec(List.of(84, 84, 4), Torso.Conv.atari(), 0, ActionHead.categorical(6), false)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void everyNetworkTheServerCanBuildReadsBackTheSame(NetworkSpec spec) {
        NetworkDefinition wire = NetworkDefinitions.encode(spec);
        assertEquals(spec, NetworkDefinitions.decode(wire));
        assertEquals(spec.parameterCount(), wire.getParameterCount());
        assertEquals(spec.fingerprint(), wire.getFingerprint());
    }

    @Test
    void aDefinitionFromBeforeConvLayersIsOneConvolution() {
        NetworkSpec minAtar = TrainingConfig.defaults("MinAtar/Breakout-v1").networkSpec();
        NetworkDefinition old = NetworkDefinitions.encode(minAtar).toBuilder().clearConvLayers().build();
        assertEquals(minAtar, NetworkDefinitions.decode(old));
        NetworkDefinition atari = NetworkDefinitions.encode(
                new NetworkSpec(List.of(84, 84, 4), Torso.Conv.atari(), 0, ActionHead.categorical(6), false));
        assertEquals(List.of(16, 8, 4), List.of(atari.getConvFilters(), atari.getConvKernel(), atari.getConvStride()),
                "older workers read the first convolution (and then refuse the network by its fingerprint)");
    }

    @Test
    void aTorsoOrHeadThisProgramDoesNotKnowIsRefused() {
        NetworkDefinition cartPole = NetworkDefinitions.encode(TrainingConfig.defaults("CartPole-v1").networkSpec());
        assertThrows(IllegalArgumentException.class,
                () -> NetworkDefinitions.decode(cartPole.toBuilder().setTorso("transformer").build()));
        assertThrows(IllegalArgumentException.class,
                () -> NetworkDefinitions.decode(cartPole.toBuilder().setHead("beta").build()));
        assertThrows(IllegalArgumentException.class,
                () -> NetworkDefinitions.decode(cartPole.toBuilder().clearObservationShape().addAllObservationShape(List.of(0)).build()));
    }
}
