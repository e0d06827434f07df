package dev.a3c.envbridge;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.EnvironmentRequest;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RgbFrameSource;
import dev.a3c.proto.envbridge.AtariOptions;
import dev.a3c.proto.envbridge.CloseRequest;
import dev.a3c.proto.envbridge.OpenRequest;
import dev.a3c.proto.envbridge.OpenResponse;
import dev.a3c.proto.envbridge.RenderRequest;
import dev.a3c.proto.envbridge.RenderResponse;
import dev.a3c.proto.envbridge.ResetRequest;
import dev.a3c.proto.envbridge.Space;
import dev.a3c.proto.envbridge.StepRequest;
import dev.a3c.proto.envbridge.StepResponse;
import java.util.ArrayList;
import java.util.List;

/** K environments of one Gymnasium id in a bridge, and their spec as a3c sees it. */
final class BridgeSession implements AutoCloseable {

    private final Bridge bridge;
    private final String name;
    private final int count;
    private final EnvironmentSpec spec;
    private final int observationSize;
    private boolean closed;

    private BridgeSession(Bridge bridge, String name, int count, EnvironmentSpec spec) {
        this.bridge = bridge;
        this.name = name;
        this.count = count;
        this.spec = spec;
        this.observationSize = spec.observationSize();
    }

    static BridgeSession open(Bridge bridge, EnvironmentRequest request, int count) {
        return open(bridge, request, count, false);
    }

    /** A session whose environments can also {@link #render} their frames. */
    static BridgeSession open(Bridge bridge, EnvironmentRequest request, int count, boolean render) {
        OpenResponse response = bridge.call("Open", () -> bridge.stub().open(OpenRequest.newBuilder()
                .setEnvId(request.name())
                .setKwargsJson(request.kwargs())
                .setCount(count)
                .setMaxEpisodeSteps(request.maxEpisodeSteps())
                .setAtari(atari(request))
                .setRender(render)
                .build()));
        try {
            return new BridgeSession(bridge, response.getSession(), count, spec(request.id(), response));
        } catch (RuntimeException e) {
            bridge.call("Close", () -> bridge.stub().close(CloseRequest.newBuilder().setSession(response.getSession()).build()));
            throw e;
        }
    }

    /** The A3C paper's Atari preprocessing for Atari ids, with the request's sticky actions and lives; none for others. */
    static AtariOptions atari(EnvironmentRequest request) {
        if (!request.atari()) {
            return AtariOptions.getDefaultInstance();
        }
        return AtariOptions.newBuilder().setEnabled(true).setFrameSkip(4).setScreenSize(84).setFrameStack(4)
                .setNoopMax(30).setRepeatActionProbability(request.stickyActions())
                .setTerminalOnLifeLoss(request.lifeLossTerminal()).build();
    }

    /** The spec of an opened environment: its spaces, time limit (none: unlimited) and reward threshold. */
    static EnvironmentSpec spec(String id, OpenResponse response) {
        Space observations = response.getObservationSpace();
        if (observations.getKind() != Space.Kind.BOX || observations.getShapeCount() == 0) {
            throw new IllegalArgumentException(id + ": a3c needs an array observation space, the bridge reports "
                    + observations);
        }
        List<Integer> shape = new ArrayList<>(observations.getShapeList());
        ActionSpace actions = switch (response.getActionSpace().getKind()) {
            case DISCRETE -> new ActionSpace.Discrete(response.getActionSpace().getN());
            case BOX -> {
                Space box = response.getActionSpace();
                boolean finite = box.getLowCount() > 0 && box.getLowCount() == box.getHighCount()
                        && java.util.stream.Stream.concat(box.getLowList().stream(), box.getHighList().stream())
                        .allMatch(Double::isFinite);
                if (!finite) {
                    throw new IllegalArgumentException(id + ": a3c's Gaussian policy needs finite action bounds, the "
                            + "environment declares " + box.getLowList() + " .. " + box.getHighList());
                }
                yield new ActionSpace.Box(box.getLowList(), box.getHighList());
            }
            default -> throw new IllegalArgumentException(id + ": unsupported action space " + response.getActionSpace());
        };
        int limit = response.getMaxEpisodeSteps() > 0 ? response.getMaxEpisodeSteps() : Integer.MAX_VALUE;
        Double threshold = response.getHasRewardThreshold() ? response.getRewardThreshold() : null;
        EnvironmentSpec spec = new EnvironmentSpec(id, shape, actions, limit, threshold);
        boolean bounded = observations.getLowCount() == spec.observationSize()
                && observations.getHighCount() == spec.observationSize();
        return bounded ? spec.withObservationBounds(observations.getLowList(), observations.getHighList()) : spec;
    }

    EnvironmentSpec spec() {
        return spec;
    }

    int size() {
        return count;
    }

    /** Seeds and resets every environment (no seeds: resets with the generators as they are). */
    void reset(long[] seeds, float[] observations) {
        ResetRequest.Builder request = ResetRequest.newBuilder().setSession(name);
        for (long seed : seeds) {
            request.addSeeds(seed);
        }
        var response = bridge.call("Reset", () -> bridge.stub().reset(request.build()));
        Batches.check(response.getObservations(), count, observationSize);
        Batches.read(response.getObservations(), observations, 0);
    }

    /** One step of every environment with discrete actions or with box actions (count x width values). */
    StepResponse step(long[] discrete, double[] box) {
        StepRequest.Builder request = StepRequest.newBuilder().setSession(name);
        if (discrete != null) {
            for (long a : discrete) {
                request.addDiscreteActions(a);
            }
        } else {
            for (double a : box) {
                request.addBoxActions(a);
            }
        }
        StepResponse response = bridge.call("Step", () -> bridge.stub().step(request.build()));
        if (response.getRewardsCount() != count || response.getTerminatedCount() != count
                || response.getTruncatedCount() != count) {
            throw new IllegalStateException("the bridge answered a step of " + count + " environments with "
                    + response.getRewardsCount() + " rewards");
        }
        Batches.check(response.getObservations(), count, observationSize);
        if (response.getFinishedCount() > 0) {
            Batches.check(response.getFinalObservations(), response.getFinishedCount(), observationSize);
        }
        return response;
    }

    /** Environment {@code index}'s current RGB frame. */
    RgbFrameSource.Frame render(int index) {
        RenderResponse frame = bridge.call("Render", () -> bridge.stub().render(RenderRequest.newBuilder()
                .setSession(name).setIndex(index).build()));
        return new RgbFrameSource.Frame(frame.getHeight(), frame.getWidth(), frame.getRgb().toByteArray(), frame.getFps());
    }

    int observationSize() {
        return observationSize;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            bridge.call("Close", () -> bridge.stub().close(CloseRequest.newBuilder().setSession(name).build()));
        } catch (RuntimeException e) {
            // the bridge is gone: so are its environments
        }
    }
}
