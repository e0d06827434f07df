package dev.a3c.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.StoredConfigs;
import dev.a3c.config.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A checkpoint is one DeepLearning4J model file ({@link ModelSerializer} format, loadable by any
 * DL4J program) holding the network, the optimizer state as the graph's updater state, and the
 * counters as a JSON entry ({@value #STATE_ENTRY}).
 *
 * <p><b>Checksum.</b> The zip also holds an entry {@value #CHECKSUM_ENTRY}, always the last one: the
 * lower-case hex SHA-256 over every other entry, taken in name order, each contributing its UTF-8
 * name, a zero byte, its uncompressed length as an 8-byte big-endian number and the SHA-256 of its
 * uncompressed bytes. It lives inside the file (not in a sidecar) so that one rename publishes the data and its
 * checksum together. A file without that entry, or whose entries do not hash to it, whose zip
 * structure or entry CRCs do not read, or whose state entry does not parse, is not a valid
 * checkpoint; {@link #verify(Path)} tells, without building the network.
 *
 * <p><b>Crash safety.</b> {@link #write} writes to {@code <name>.tmp} in the same directory, forces
 * it to the disk, renames it atomically over the final name and then forces the directory (where
 * the platform allows opening a directory; elsewhere that last step is skipped). A reader therefore
 * sees either no file, the previous file or the complete new one, never a partial file.
 */
public final class CheckpointFile {

    static final String STATE_ENTRY = "a3c-state.json";
    static final String CHECKSUM_ENTRY = "a3c-checksum.sha256";
    private static final ObjectMapper JSON = Json.mapper();

    private CheckpointFile() {}

    /**
     * The outcome of {@link #verify}.
     *
     * @param problem why the file is not a valid checkpoint, or null when it is
     * @param state the counters, when valid
     */
    public record Verification(Path file, String problem, CheckpointState state) {
        public boolean valid() {
            return problem == null;
        }
    }

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
            Path raw = file.resolveSibling(file.getFileName() + ".raw.tmp");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                ModelSerializer.writeModel(graph, raw.toFile(), true);
                ModelSerializer.addObjectToFile(raw.toFile(), STATE_ENTRY, JSON.writeValueAsString(state));
                withChecksum(raw, tmp);
                Files.delete(raw);
                moveDurably(tmp, file);
            } finally {
                Files.deleteIfExists(raw);
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file, e);
        }
    }

    public static Contents read(Path file) {
        try {
            ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            String json = ModelSerializer.getObjectFromFile(file.toFile(), STATE_ENTRY);
            CheckpointState state = state(json);
            INDArray updaterState = graph.getUpdater(true).getStateViewArray();
            float[] optimizerState = updaterState == null ? new float[0]
                    : updaterState.castTo(DataType.FLOAT).dup('c').data().asFloat();
            return new Contents(graph, optimizerState, state);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file, e);
        }
    }

    /** The state a checkpoint stores; its configuration upgraded if an older a3c wrote it ({@link StoredConfigs}). */
    static CheckpointState state(String json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            if (object.has("config")) {
                object.set("config", StoredConfigs.upgraded(object.get("config")));
            }
            if (!object.has("observationMoments")) {
                object.putNull("observationMoments");   // written before observations could be standardized
            }
        }
        return JSON.treeToValue(tree, CheckpointState.class);
    }

    /** Only the counters of a checkpoint. */
    public static CheckpointState readState(Path file) {
        try {
            return state(ModelSerializer.getObjectFromFile(file.toFile(), STATE_ENTRY));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file, e);
        }
    }

    /**
     * Whether {@code file} is a complete, valid checkpoint: it exists, is a readable zip, holds a
     * checksum entry that matches the other entries, and its state entry parses. Does not build the
     * network. Never throws for a bad file; the problem is in the result.
     */
    public static Verification verify(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return new Verification(file, "missing", null);
            }
            if (Files.size(file) == 0) {
                return new Verification(file, "empty file", null);
            }
            String stored;
            String actual;
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry checksum = zip.getEntry(CHECKSUM_ENTRY);
                if (checksum == null) {
                    return new Verification(file, "no checksum entry " + CHECKSUM_ENTRY, null);
                }
                try (InputStream in = zip.getInputStream(checksum)) {
                    stored = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
                }
                actual = digest(zip);
            }
            if (!stored.equals(actual)) {
                return new Verification(file, "checksum mismatch (stored " + stored + ", computed " + actual + ")", null);
            }
            return new Verification(file, null, readState(file));
        } catch (IOException | RuntimeException e) {
            return new Verification(file, "unreadable: " + e, null);
        }
    }

    /** Copies the zip {@code from} to {@code to} with the checksum entry added last, and forces it to disk. */
    private static void withChecksum(Path from, Path to) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile());
             FileChannel channel = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            String sum = digest(zip);
            ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().equals(CHECKSUM_ENTRY)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry(CHECKSUM_ENTRY));
            out.write(sum.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
            out.finish();
            out.flush();
            channel.force(true);
        }
    }

    /** SHA-256 over every entry but the checksum, in name order (see the class comment). */
    private static String digest(ZipFile zip) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
        entries.sort(Comparator.comparing(ZipEntry::getName));
        byte[] buffer = new byte[1 << 16];
        for (ZipEntry entry : entries) {
            if (entry.getName().equals(CHECKSUM_ENTRY) || entry.isDirectory()) {
                continue;
            }
            sha.update(entry.getName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            long length = 0;
            MessageDigest content;
            try {
                content = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    content.update(buffer, 0, n);
                    length += n;
                }
            }
            sha.update(ByteBuffer.allocate(Long.BYTES).putLong(length).array());
            sha.update(content.digest());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Renames {@code tmp} atomically over {@code file}, then forces the directory where possible. */
    static void moveDurably(Path tmp, Path file) throws IOException {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(file.toAbsolutePath().getParent());
    }

    /** fsync of a directory, so a rename in it survives a crash; a no-op where directories cannot be opened. */
    public static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows cannot open a directory; the rename itself is still atomic
        }
    }
}
