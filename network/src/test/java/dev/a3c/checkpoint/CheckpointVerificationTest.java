package dev.a3c.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The checksum entry: complete files verify, corrupt, truncated, empty or unsummed ones do not. */
class CheckpointVerificationTest {

    @TempDir
    Path dir;

    private Path file;
    private CheckpointState state;

    @BeforeEach
    void writeOne() {
        NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 1, DataType.FLOAT,
                Dl4jUpdaters.of(OptimizerKind.ADAM, 1e-3, OptimizerSettings.DEFAULTS));
        state = new CheckpointState(7, 700, 3, List.of(1.0), 1.0, 7, 1.5, TrainingConfig.defaults("CartPole-v1"), null);
        file = dir.resolve("ckpt-000000000007.zip");
        CheckpointFile.write(file, net.graph(), new float[2 * net.parameterCount()], state);
    }

    @Test
    void aFreshlyWrittenCheckpointIsValidAndLeavesNoTemporaryFile() throws Exception {
        CheckpointFile.Verification v = CheckpointFile.verify(file);
        assertTrue(v.valid(), v.problem());
        assertNull(v.problem());
        assertEquals(state, v.state());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertEquals(CheckpointFile.CHECKSUM_ENTRY, entries.get(entries.size() - 1).getName());
            assertTrue(entries.stream().anyMatch(e -> e.getName().endsWith(CheckpointFile.STATE_ENTRY)));
        }
    }

    @Test
    void flippedBytesInTheMiddleAreDetected() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        Files.write(file, bytes);
        assertInvalid();
    }

    @Test
    void aTruncatedFileIsDetected() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertInvalid();
    }

    @Test
    void anEmptyFileIsDetected() throws Exception {
        Files.write(file, new byte[0]);
        assertEquals("empty file", assertInvalid());
    }

    @Test
    void aFileWithoutChecksumIsInvalid() throws Exception {
        rewriteWithout(CheckpointFile.CHECKSUM_ENTRY, null);
        assertTrue(assertInvalid().contains("no checksum"));
    }

    @Test
    void aChangedEntryWithItsCrcRecomputedFailsTheChecksum() throws Exception {
        // a consistent zip whose state entry was replaced: only the SHA-256 can notice
        rewriteWithout("__none__", "a3c-extra");
        assertTrue(assertInvalid().contains("checksum mismatch"));
    }

    @Test
    void aMissingFileIsInvalid() throws Exception {
        Files.delete(file);
        assertEquals("missing", assertInvalid());
    }

    private String assertInvalid() {
        CheckpointFile.Verification v = CheckpointFile.verify(file);
        assertFalse(v.valid(), "should be invalid");
        assertNull(v.state());
        return v.problem();
    }

    /** Copies the checkpoint without entry {@code drop}, optionally adding an entry named {@code add}. */
    private void rewriteWithout(String drop, String add) throws Exception {
        Path copy = dir.resolve("copy.zip");
        try (ZipFile zip = new ZipFile(file.toFile()); OutputStream os = Files.newOutputStream(copy);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().equals(drop)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream in = zip.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            if (add != null) {
                out.putNextEntry(new ZipEntry(add));
                out.write(1);
                out.closeEntry();
            }
        }
        Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
