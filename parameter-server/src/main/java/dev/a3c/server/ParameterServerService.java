package dev.a3c.server;

import com.google.protobuf.UnsafeByteOperations;
import dev.a3c.common.codec.InvalidTensorException;
import dev.a3c.common.config.TrainingConfig;
import dev.a3c.proto.DType;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.DeregisterResponse;
import dev.a3c.proto.NetworkDefinition;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.proto.WorkerConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;

/** The gRPC adapter over {@link TrainingSession}: decode, call, encode, map errors to status codes. */
public final class ParameterServerService extends ParameterServerGrpc.ParameterServerImplBase {

    private final TrainingSession session;
    private final NetworkDefinition network;
    private final WorkerConfig workerConfig;

    public ParameterServerService(TrainingSession session) {
        this.session = session;
        TrainingConfig config = session.config();
        this.network = NetworkDefinitions.encode(config.networkSpec());
        this.workerConfig = WorkerConfig.newBuilder()
                .setEnvId(config.env())
                .setMaxEpisodeSteps(config.environmentSpec().maxEpisodeSteps())
                .setEnvsPerWorker(config.envsPerWorker())
                .setRolloutSteps(config.rolloutSteps())
                .setGamma(config.gamma())
                .setEntropyCoef(config.entropyCoef())
                .setValueLossCoef(config.valueLossCoef())
                .setMaxGradNorm(config.maxGradNorm())
                .setSeed(config.seed())
                .setRewardScale(config.rewardScale())
                .setRewardClip(config.rewardClip())
                .setGaeLambda(config.gaeLambda())
                .setNormalizeObservations(config.normalizeObservations())
                .build();
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        call(responses, () -> {
            TrainingSession.Registration registration = session.register(request.getHost(), request.getPid(),
                    request.getCores(), request.getProgramVersion());
            return RegisterResponse.newBuilder()
                    .setWorkerId(registration.workerId())
                    .setRank(registration.rank())
                    .setConfig(workerConfig)
                    .setNetwork(network)
                    .setWeightsVersion(registration.version())
                    .build();
        });
    }

    @Override
    public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> responses) {
        call(responses, () -> {
            TrainingSession.PullResult result = session.pull(request.getWorkerId(), request.getSinceVersion());
            PullWeightsResponse.Builder response = PullWeightsResponse.newBuilder()
                    .setVersion(result.version())
                    .setStop(result.stop())
                    .setModified(result.weights() != null);
            if (result.weights() != null) {
                response.setWeights(Tensor.newBuilder()
                        .addShape(session.parameterCount())
                        .setDtype(DType.FLOAT32)
                        .setData(UnsafeByteOperations.unsafeWrap(result.weights())));
            }
            return response.build();
        });
    }

    @Override
    public void pushGradients(PushGradientsRequest request, StreamObserver<PushGradientsResponse> responses) {
        call(responses, () -> {
            Tensor gradient = request.getGradient();
            checkVector(gradient, session.parameterCount());
            List<TrainingSession.EpisodeResult> episodes = request.getEpisodesList().stream()
                    .map(e -> new TrainingSession.EpisodeResult(e.getEpisodeReturn(), e.getLength()))
                    .toList();
            TrainingSession.PushResult result = session.push(new TrainingSession.Push(request.getWorkerId(),
                    request.getSequence(), request.getBaseVersion(), gradient.getData().asReadOnlyByteBuffer(),
                    request.getEnvSteps(), episodes));
            return PushGradientsResponse.newBuilder()
                    .setVersion(result.version())
                    .setStaleness(result.staleness())
                    .setStop(result.stop())
                    .setDuplicate(result.duplicate())
                    .setApplied(result.applied())
                    .build();
        });
    }

    @Override
    public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> responses) {
        call(responses, () -> {
            session.deregister(request.getWorkerId());
            return DeregisterResponse.getDefaultInstance();
        });
    }

    private static void checkVector(Tensor tensor, long length) {
        if (tensor.getDtype() != DType.FLOAT32) {
            throw new InvalidTensorException(InvalidTensorException.Reason.WRONG_DTYPE,
                    "gradient dtype must be FLOAT32, got " + tensor.getDtype());
        }
        if (tensor.getShapeCount() != 1 || tensor.getShape(0) != length) {
            throw new InvalidTensorException(InvalidTensorException.Reason.WRONG_SHAPE,
                    "gradient shape must be [" + length + "], got " + tensor.getShapeList());
        }
    }

    private <T> void call(StreamObserver<T> responses, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (InvalidTensorException e) {
            reject(e.reason().id());
            responses.onError(error(Status.INVALID_ARGUMENT, e));
            return;
        } catch (TrainingSession.DrainingException e) {
            responses.onError(error(Status.UNAVAILABLE, e));
            return;
        } catch (TrainingSession.StaleGradientException e) {
            reject("stale");
            responses.onError(error(Status.FAILED_PRECONDITION, e));
            return;
        } catch (TrainingSession.UnknownWorkerException e) {
            reject("unknown_worker");
            responses.onError(error(Status.NOT_FOUND, e));
            return;
        } catch (IllegalArgumentException e) {
            reject("invalid_argument");
            responses.onError(error(Status.INVALID_ARGUMENT, e));
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    private void reject(String reason) {
        Rejections.count(session.meters(), reason);
    }

    private static StatusRuntimeException error(Status status, Exception e) {
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
