package dev.a3c.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The repository's kustomize base {@code k8s/}: its listed files, parsed, and its rendering by kubectl. */
final class KustomizeBase {

    private KustomizeBase() {}

    /** {@code k8s/} of this repository, found from the working directory upwards. */
    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("k8s/kustomization.yaml"))) {
                return dir.resolve("k8s");
            }
        }
        throw new IllegalStateException("no k8s/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }

    /** The files listed under {@code resources:} in kustomization.yaml. */
    static List<Path> resourceFiles(Path base) throws IOException {
        JsonNode kustomization = new ObjectMapper(new YAMLFactory()).readTree(base.resolve("kustomization.yaml").toFile());
        List<Path> files = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            files.add(base.resolve(resource.asText()));
        }
        return files;
    }

    /** Every object of every listed file, strictly typed. */
    static List<HasMetadata> parseFiles(Path base) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : resourceFiles(base)) {
            objects.addAll(StrictManifests.parse(Files.readString(file), base.relativize(file).toString()));
        }
        return objects;
    }

    /** kubectl on the PATH, if there is one. */
    static Optional<Path> kubectl() {
        return Executables.find("kubectl");
    }

    /** {@code kubectl kustomize base}: what {@code kubectl apply -k} would send, offline. */
    static String render(Path kubectl, Path base) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", base.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("kubectl kustomize did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize failed (" + process.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
