package dev.a3c.server.grpc;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
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
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.validation.RefusalLog;
import dev.a3c.server.validation.Rejections;
import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.server.validation.RequestValidator;
import dev.a3c.wire.MomentsMessages;
import dev.a3c.wire.NetworkDefinitions;
import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import dev.a3c.wire.Tensors;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gRPC adapter over {@link TrainingSession}: decode, call, encode, and answer a refusal with its
 * status (the refusal's {@link Refusal#code()}, with the refusal in a trailer: {@link RefusalStatus}) and a one-line reason, counted by reason and
 * logged at a limited rate ({@link RefusalLog}).
 */
public final class ParameterServerService extends ParameterServerGrpc.ParameterServerImplBase {

    private final TrainingSession session;
    private final NetworkDefinition network;
    private final String configJson;
    private final RefusalLog refusals = new RefusalLog();

    public ParameterServerService(TrainingSession session) {
        this.session = session;
        TrainingConfig config = session.config();
        this.network = NetworkDefinitions.encode(config.networkSpec());
        this.configJson = config.toJson();
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        call("Register", responses, () -> {
            TrainingSession.Registration registration = session.register(request.getHost(), request.getPid(),
                    request.getCores(), request.getProgramVersion());
            return RegisterResponse.newBuilder()
                    .setWorkerId(registration.workerId())
                    .setRank(registration.rank())
                    .setConfigJson(configJson)
                    .setNetwork(network)
                    .setWeightsVersion(registration.version())
                    .setWorkerKey(ByteString.copyFrom(registration.key()))
                    .build();
        });
    }

    @Override
    public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> responses) {
        call("PullWeights", responses, () -> {
            TrainingSession.PullResult result = session.pull(request.getWorkerId(), request.getWorkerKey().toByteArray(),
                    request.getSinceVersion());
            PullWeightsResponse.Builder response = PullWeightsResponse.newBuilder()
                    .setVersion(result.version())
                    .setStop(result.stop())
                    .setModified(result.weights() != null);
            if (result.weights() != null) {
                response.setWeights(Tensors.vector(result.weights(), precision()));
                if (result.moments() != null) {
                    response.setObservationMoments(MomentsMessages.encode(result.moments()));
                }
            }
            return response.build();
        });
    }

    @Override
    public void pushGradients(PushGradientsRequest request, StreamObserver<PushGradientsResponse> responses) {
        call("PushGradients", responses, () -> {
            Tensor gradient = request.getGradient();
            byte[] key = request.getWorkerKey().toByteArray();
            session.checkPusher(request.getWorkerId(), key, request.getSequence()); // who it is before what it sent
            checkVector(gradient, session.parameterCount(), precision());
            List<TrainingSession.EpisodeResult> episodes = request.getEpisodesList().stream()
                    .map(e -> new TrainingSession.EpisodeResult(e.getEpisodeReturn(), e.getLength()))
                    .toList();
            TrainingSession.ReportedMoments observations = request.hasObservationMoments()
                    ? new TrainingSession.ReportedMoments(request.getObservationMoments().getCount(),
                            MomentsMessages.means(request.getObservationMoments()),
                            MomentsMessages.m2(request.getObservationMoments()))
                    : null;
            TrainingSession.Push push = new TrainingSession.Push(request.getWorkerId(), key, request.getSequence(),
                    request.getBaseVersion(), gradient.getData().asReadOnlyByteBuffer(), request.getEnvSteps(), episodes,
                    observations);
            TrainingSession.PushResult result = session.push(push);
            PushGradientsResponse.Builder response = PushGradientsResponse.newBuilder()
                    .setVersion(result.version())
                    .setStaleness(result.staleness())
                    .setStop(result.stop())
                    .setDuplicate(result.duplicate())
                    .setApplied(result.applied());
            if (request.getReturnWeights() && !result.stop()) {
                // what the pull after this push would return, without a second call
                TrainingSession.PullResult weights = session.weightsAfter(push);
                response.setStop(weights.stop());
                if (weights.weights() != null) {
                    response.setWeights(Tensors.vector(weights.weights(), precision())).setWeightsVersion(weights.version());
                    if (weights.moments() != null) {
                        response.setObservationMoments(MomentsMessages.encode(weights.moments()));
                    }
                }
            }
            return response.build();
        });
    }

    @Override
    public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> responses) {
        call("Deregister", responses, () -> {
            session.deregister(request.getWorkerId(), request.getWorkerKey().toByteArray());
            return DeregisterResponse.getDefaultInstance();
        });
    }

    /** The run's precision of weights and gradients on the wire. */
    private WirePrecision precision() {
        return session.config().algorithm().wirePrecision();
    }

    private static void checkVector(Tensor tensor, long length, WirePrecision precision) {
        DType dtype = Tensors.dtype(precision);
        if (tensor.getDtype() != dtype) {
            throw RequestValidator.refuse(Refusal.WRONG_DTYPE, "gradient dtype must be " + dtype + " (the run's wire "
                    + "precision), got " + tensor.getDtype());
        }
        if (tensor.getShapeCount() != 1 || tensor.getShape(0) != length) {
            String shape = tensor.getShapeCount() <= 4 ? tensor.getShapeList().toString()
                    : "a shape of " + tensor.getShapeCount() + " dimensions";
            throw RequestValidator.refuse(Refusal.WRONG_SHAPE, "gradient shape must be [" + length + "], got " + shape);
        }
    }

    private <T> void call(String method, StreamObserver<T> responses, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RequestRefusedException e) {
            Rejections.count(session.meters(), e.refusal().tag());
            refusals.refused(method, e.refusal(), e.getMessage());
            responses.onError(RefusalStatus.toException(e.refusal(), e.getMessage()));
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }
}
