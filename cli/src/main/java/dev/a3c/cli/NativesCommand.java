package dev.a3c.cli;

import dev.a3c.network.NativeKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code a3c natives DIR} (hidden): unpacks the native libraries of DL4J (ND4J, OpenBLAS and their
 * runtime libraries) into one flat directory and checks that they load. The Docker image runs it at
 * build time; its containers then load the libraries from there
 * ({@code -Djava.library.path=DIR -Dorg.bytedeco.javacpp.pathsFirst=true}) instead of unpacking
 * about 400 MB into {@code ~/.javacpp/cache} at every start, which a read-only root file system
 * would not even allow. It must run in a fresh JVM: JavaCPP fixes its cache directory when it first
 * loads a library.
 */
@Command(name = "natives", hidden = true, mixinStandardHelpOptions = true,
        description = "Unpack DL4J's native libraries into DIR (flat) and check that they load; used to build the Docker image.")
final class NativesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Directory to unpack into (created if absent).")
    Path directory;

    @Override
    public Integer call() throws IOException {
        Path target = Files.createDirectories(directory).toRealPath();
        System.setProperty("org.bytedeco.javacpp.cachedir", target.toString());
        System.setProperty("org.bytedeco.javacpp.cachedir.nosubdir", "true");
        double sum = Nd4j.create(new float[] {1, 2, 3}).sumNumber().doubleValue();
        if (sum != 6) {
            throw new IllegalStateException("ND4J computed 1 + 2 + 3 = " + sum);
        }
        Map<String, String> loaded = new TreeMap<>(Loader.getLoadedLibraries());
        for (Map.Entry<String, String> library : loaded.entrySet()) {
            if (!Path.of(library.getValue()).toAbsolutePath().startsWith(target)) {
                throw new IllegalArgumentException("native library " + library.getKey() + " was already loaded from "
                        + library.getValue() + ", not " + target + ": run 'a3c natives' in a fresh JVM");
            }
        }
        System.out.printf("a3c natives: %d libraries loaded from %s (%d MB); %s%n", loaded.size(), target,
                sizeOf(target) >> 20, NativeKernels.describe());
        return 0;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
