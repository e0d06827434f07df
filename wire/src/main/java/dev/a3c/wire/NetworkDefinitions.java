package dev.a3c.wire;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import dev.a3c.proto.ConvLayer;
import dev.a3c.proto.NetworkDefinition;
import java.util.List;
import java.util.Locale;

/** A network spec as the wire's {@link NetworkDefinition}: the server encodes its network, the worker decodes it. */
public final class NetworkDefinitions {

    private NetworkDefinitions() {}

    public static NetworkDefinition encode(NetworkSpec spec) {
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
            Torso.Conv.Layer first = conv.layers().get(0);
            b.setTorso("cnn").setConvFilters(first.filters()).setConvKernel(first.kernel()).setConvStride(first.stride());
            for (Torso.Conv.Layer l : conv.layers()) {
                b.addConvLayers(ConvLayer.newBuilder().setFilters(l.filters()).setKernel(l.kernel()).setStride(l.stride()));
            }
        } else {
            b.setTorso("mlp");
        }
        return b.build();
    }

    /**
     * The network a definition describes.
     *
     * @throws IllegalArgumentException when this program cannot build it (a torso or head it does not know, or
     *         sizes out of range)
     */
    public static NetworkSpec decode(NetworkDefinition n) {
        Torso torso = switch (n.getTorso()) {
            case "mlp" -> new Torso.Mlp(n.getHiddenLayersList(), n.getActivation());
            case "cnn" -> new Torso.Conv(n.getConvLayersCount() == 0
                    ? List.of(new Torso.Conv.Layer(n.getConvFilters(), n.getConvKernel(), n.getConvStride()))
                    : n.getConvLayersList().stream()
                            .map(l -> new Torso.Conv.Layer(l.getFilters(), l.getKernel(), l.getStride())).toList(),
                    n.getHiddenLayersList(), n.getActivation());
            default -> throw new IllegalArgumentException("unknown torso '" + n.getTorso() + "'");
        };
        ActionHead head = switch (n.getHead()) {
            case "categorical" -> ActionHead.categorical(n.getActionSize());
            case "gaussian" -> new ActionHead(ActionHead.Kind.GAUSSIAN, n.getActionSize(), n.getStateDependentStd());
            default -> throw new IllegalArgumentException("unknown policy head '" + n.getHead() + "'");
        };
        return new NetworkSpec(n.getObservationShapeList(), torso, n.getLstmSize(), head, n.getSeparateCritic());
    }
}
