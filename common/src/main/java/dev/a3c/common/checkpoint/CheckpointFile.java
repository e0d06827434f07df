package dev.a3c.common.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.common.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint is one DeepLearning4J model file ({@link ModelSerializer} format, loadable by any
 * DL4J program) holding the network, the optimizer state as the graph's updater state, and the
 * counters as a JSON entry. Files are written to a temporary name and renamed into place, so a
 * reader never sees a half-written checkpoint.
 */
public final class CheckpointFile {

    static final String STATE_ENTRY = "a3c-state.json";
    private static final ObjectMapper JSON = Json.mapper();

    private CheckpointFile() {}

    /** What a checkpoint holds. */
    public record Contents(ComputationGraph graph, float[] optimizerState, CheckpointState state) {}

    /**
     * Writes a checkpoint. {@code graph} must be configured with the DL4J updater matching the
     * optimizer, so its updater state has the optimizer state's size; the graph is not used by
     * anybody else while this runs (pass a copy).
     */
    public static void write(Path file, ComputationGraph graph, float[] optimizerState, CheckpointState state) {
        try {
            INDArray updaterState = graph.getUpdater(true).getStateViewArray();
            if (updaterState == null || updaterState.length() != optimizerState.length) {
                throw new IllegalArgumentException("graph updater state has "
                        + (updaterState == null ? 0 : updaterState.length()) + " values, optimizer state "
                        + optimizerState.length);
            }
            updaterState.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer()
                    .position((int) updaterState.offset()).slice().put(optimizerState);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ModelSerializer.writeModel(graph, tmp.toFile(), true);
            ModelSerializer.addObjectToFile(tmp.toFile(), STATE_ENTRY, JSON.writeValueAsString(state));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file, e);
        }
    }

    public static Contents read(Path file) {
        try {
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            String json = ModelSerializer.getObjectFromFile(file.toFile(), STATE_ENTRY);
            CheckpointState state = JSON.readValue(json, CheckpointState.class);
            INDArray updaterState = graph.getUpdater(true).getStateViewArray();
            float[] optimizerState = updaterState == null ? new float[0]
                    : updaterState.castTo(DataType.FLOAT).dup('c').data().asFloat();
            return new Contents(graph, optimizerState, state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file, e);
        }
    }

    /** Only the counters of a checkpoint. */
    public static CheckpointState readState(Path file) {
        try {
            return JSON.readValue((String) ModelSerializer.getObjectFromFile(file.toFile(), STATE_ENTRY), CheckpointState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file, e);
        }
    }
}
