package dev.a3c.server;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.proto.NetworkDefinition;
import java.util.Locale;

/** A network spec as the wire's {@link NetworkDefinition} (the worker's client decodes it). */
final class NetworkDefinitions {

    private NetworkDefinitions() {}

    static NetworkDefinition encode(NetworkSpec spec) {
        NetworkDefinition.Builder b = NetworkDefinition.newBuilder()
                .addAllObservationShape(spec.observationShape())
                .addAllHiddenLayers(spec.torso().hidden())
                .setActivation(spec.torso().activation())
                .setLstmSize(spec.lstmSize())
                .setSeparateCritic(spec.separateCritic())
                .setStateDependentStd(spec.head().stateDependentStd())
                .setHead(spec.head().kind().name().toLowerCase(Locale.ROOT))
                .setActionSize(spec.head().size())
                .setParameterCount(spec.parameterCount())
                .setFingerprint(spec.fingerprint());
        if (spec.torso() instanceof Torso.Conv conv) {
            b.setTorso("cnn").setConvFilters(conv.filters()).setConvKernel(conv.kernel()).setConvStride(conv.stride());
        } else {
            b.setTorso("mlp");
        }
        return b.build();
    }
}
