package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.worker.client.ChannelSecurity;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.client.ServerException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kustomize base {@code k8s/}: every listed file parses strictly as its Kubernetes type, the
 * objects pass {@link ManifestChecks} (as files and as {@code kubectl kustomize} renders them, where
 * kubectl is installed), the shipped configuration is a valid {@link TrainingConfig}, and each
 * check fails on a variant broken on purpose.
 */
@Tag("integration")
class KubernetesManifestsTest {

    private static List<HasMetadata> base() throws Exception {
        return KustomizeBase.parseFiles(KustomizeBase.directory());
    }

    private static String id(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    @Test
    void everyListedFileParsesStrictlyAsItsKubernetesType() throws Exception {
        Path dir = KustomizeBase.directory();
        List<Path> files = KustomizeBase.resourceFiles(dir);
        assertFalse(files.isEmpty());
        for (Path file : files) {
            assertTrue(Files.isRegularFile(file), "listed in kustomization.yaml but missing: " + file);
        }
        List<String> ids = base().stream().map(KubernetesManifestsTest::id).sorted().toList();
        assertEquals(List.of("ConfigMap/a3c-config", "Deployment/a3c-worker", "Namespace/a3c", "Secret/a3c-token",
                "Service/a3c-server", "Service/a3c-server-headless", "StatefulSet/a3c-server"), ids);
        try (Stream<Path> all = Files.list(dir)) {
            List<Path> unlisted = all.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")
                    && !files.contains(f)).toList();
            assertEquals(List.of(), unlisted, "manifests that kustomize would not apply");
        }
    }

    @Test
    void strictParsingRejectsUnknownFieldsAndWrongTypes() {
        String typo = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(typo, "typo")).getMessage()
                .contains("replica"));
        String misplaced = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports: [{port: 1}]\n  containerPort: 2\n";
        assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(misplaced, "misplaced"));
        String wrongType = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: two\n";
        assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(wrongType, "wrong type"));
        String unknownKind = "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n";
        assertThrows(IllegalArgumentException.class, () -> StrictManifests.parse(unknownKind, "unknown kind"));
        assertEquals(1, StrictManifests.parse("---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n", "ok").size());
    }

    @Test
    void theBasePassesEveryCheck() throws Exception {
        assertEquals(List.of(), ManifestChecks.problems(base(), false));
    }

    @Test
    void theShippedTrainingConfigurationParses() throws Exception {
        ConfigMap config = base().stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals("a3c-config")).findFirst().orElseThrow();
        TrainingConfig parsed = dev.a3c.config.ConfigLayers.resolve(
                Json.mapper().readTree(config.getData().get("config.json")), java.util.Map.of());
        assertEquals("CartPole-v1", parsed.id());
        assertEquals(TrainingConfig.defaults("CartPole-v1"), parsed, "the shipped file is CartPole-v1's defaults");
    }

    @Test
    void kubectlKustomizeRendersTheSameObjectsAndTheyPassEveryCheck() throws Exception {
        Optional<Path> kubectl = KustomizeBase.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed: `kubectl kustomize k8s` not checked");
        Path dir = KustomizeBase.directory();
        List<HasMetadata> rendered = StrictManifests.parse(KustomizeBase.render(kubectl.get(), dir), "kubectl kustomize");
        assertEquals(List.of(), ManifestChecks.problems(rendered, true));
        assertEquals(base().stream().map(KubernetesManifestsTest::id).sorted().toList(),
                rendered.stream().map(KubernetesManifestsTest::id).sorted().toList());
        for (HasMetadata o : rendered) {
            if (!o.getKind().equals("Namespace")) {
                assertEquals("a3c", o.getMetadata().getNamespace(), id(o));
            }
        }
    }

    @Test
    void theTlsComponentServesGrpcOverTlsWithCertificatesThatWork(@TempDir Path dir) throws Exception {
        Optional<Path> kubectl = KustomizeBase.kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed: the TLS component k8s/tls is not checked");
        Assumptions.assumeTrue(Executables.find("openssl").isPresent(),
                "openssl is not installed: k8s/tls/certificates.sh is not checked");
        Path k8s = copyTree(KustomizeBase.directory(), dir.resolve("k8s"));
        Process issue = new ProcessBuilder("bash", k8s.resolve("tls/certificates.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("certificates.log").toFile()).start();
        assertTrue(issue.waitFor(120, TimeUnit.SECONDS), "certificates.sh did not finish");
        assertEquals(0, issue.exitValue(), Files.readString(dir.resolve("certificates.log")));
        Path overlay = Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../k8s
                components:
                  - ../k8s/tls
                """);
        String yaml = KustomizeBase.render(kubectl.get(), overlay);
        List<HasMetadata> rendered = StrictManifests.parse(yaml, "k8s with the tls component");
        assertEquals(List.of(), ManifestChecks.problems(rendered, true));
        Secret tls = rendered.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(o -> o.getMetadata().getName().startsWith("a3c-tls-")).findFirst().orElseThrow();
        assertEquals("kubernetes.io/tls", tls.getType());
        assertEquals(Set.of("ca.crt", "tls.crt", "tls.key"), tls.getData().keySet());
        assertTrue(String.join(" ", server(rendered).getArgs()).contains("--tls-cert /etc/a3c-tls/tls.crt --tls-key "
                + "/etc/a3c-tls/tls.key"), server(rendered).getArgs().toString());
        assertTrue(String.join(" ", worker(rendered).getArgs()).contains("--tls-ca /etc/a3c-tls/ca.crt"));
        assertFalse(workerPod(rendered).getSpec().getVolumes().stream()
                        .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals(tls.getMetadata().getName()))
                        .flatMap(v -> v.getSecret().getItems().stream()).anyMatch(i -> i.getKey().equals("tls.key")),
                "workers get the certificate authority, never the server's key");

        // the checks see a worker left in plaintext, and the gRPC probes that cannot speak TLS
        List<HasMetadata> plaintextWorker = StrictManifests.parse(yaml, "again");
        List<String> args = new ArrayList<>(worker(plaintextWorker).getArgs());
        args.subList(args.indexOf("--tls-ca"), args.indexOf("--tls-ca") + 2).clear();
        worker(plaintextWorker).setArgs(args);
        assertTrue(ManifestChecks.problems(plaintextWorker, true).stream()
                .anyMatch(p -> p.contains("connects in plaintext to a server that serves TLS")));
        List<HasMetadata> grpcProbe = StrictManifests.parse(yaml, "again");
        server(grpcProbe).setReadinessProbe(base().stream().filter(StatefulSet.class::isInstance)
                .map(o -> ((StatefulSet) o).getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe())
                .findFirst().orElseThrow());
        assertTrue(ManifestChecks.problems(grpcProbe, true).stream()
                .anyMatch(p -> p.contains("serving TLS, probes must GET /healthz")));

        // the certificates work: a real server with tls.crt and tls.key, and a worker's channel trusting ca.crt for
        // each name the server is reached by in the cluster; any other name is refused in the handshake
        Path tlsDir = k8s.resolve("tls");
        ParameterServer server = ParameterServer.start(ServerOptions
                .builder(TrainingConfig.defaults("CartPole-v1"), Files.createDirectories(dir.resolve("run")))
                .stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1)
                .security(new ServerSecurity(Optional.empty(), Optional.of(tlsDir.resolve("tls.crt")),
                        Optional.of(tlsDir.resolve("tls.key")), Optional.empty()))
                .build());
        try {
            for (String name : List.of("a3c-server", "a3c-server.a3c", "a3c-server.a3c.svc",
                    "a3c-server.a3c.svc.cluster.local")) {
                registerOverTls(server, tlsDir.resolve("ca.crt"), name);
            }
            assertEquals(4, server.session().status().activeWorkers());
            ServerException refused = assertThrows(ServerException.class,
                    () -> registerOverTls(server, tlsDir.resolve("ca.crt"), "elsewhere.example.org"));
            assertEquals(Status.Code.UNAVAILABLE, refused.status().getCode(), refused.status().toString());
        } finally {
            server.close();
        }
    }

    private static void registerOverTls(ParameterServer server, Path ca, String authority)
            throws InterruptedException {
        ManagedChannel channel = new ChannelSecurity(true, Optional.of(ca), Optional.empty(),
                Optional.empty(), Optional.of(authority), Optional.empty()).channelBuilder("127.0.0.1", server.grpcPort())
                .build();
        try {
            new ParameterServerClient(channel, Duration.ofSeconds(10))
                    .register("k8s-tls-test", ProcessHandle.current().pid(), 1, "test");
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!Set.of("ca.key", "ca.crt", "tls.crt", "tls.key").contains(f.getFileName().toString())) {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    // --- the checks can fail: one breakage at a time, each must be reported ---

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static PodTemplateSpec serverPod(List<HasMetadata> o) {
        return find(o, StatefulSet.class, "a3c-server").getSpec().getTemplate();
    }

    private static PodTemplateSpec workerPod(List<HasMetadata> o) {
        return find(o, Deployment.class, "a3c-worker").getSpec().getTemplate();
    }

    private static Container server(List<HasMetadata> o) {
        return serverPod(o).getSpec().getContainers().get(0);
    }

    private static Container worker(List<HasMetadata> o) {
        return workerPod(o).getSpec().getContainers().get(0);
    }

    private static void replaceArg(Container c, String flag, String value) {
        List<String> args = new ArrayList<>(c.getArgs());
        args.set(args.indexOf(flag) + 1, value);
        c.setArgs(args);
    }

    private static void setEnv(Container c, String name, String value) {
        c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().setValue(value);
    }

    private static Arguments broken(String what, Consumer<List<HasMetadata>> breakIt, String expected) {
        return Arguments.of(what, breakIt, expected);
    }

    static Stream<Arguments> brokenVariants() {
        return Stream.of(
                broken("worker selector does not match its pods", o -> find(o, Deployment.class, "a3c-worker").getSpec()
                        .getSelector().getMatchLabels().put("app.kubernetes.io/component", "workers"),
                        "Deployment a3c-worker selector"),
                broken("service selects no pods", o -> find(o, Service.class, "a3c-server").getSpec()
                        .setSelector(Map.of("app.kubernetes.io/name", "nothing")), "Service a3c-server selector"),
                broken("service targets an undeclared port", o -> find(o, Service.class, "a3c-server").getSpec().getPorts()
                        .get(0).setTargetPort(new IntOrString("grcp")), "targets port 'grcp'"),
                broken("serviceName names no Service", o -> find(o, StatefulSet.class, "a3c-server").getSpec()
                        .setServiceName("a3c"), "serviceName a3c names no Service"),
                broken("serviceName is not headless", o -> find(o, StatefulSet.class, "a3c-server").getSpec()
                        .setServiceName("a3c-server"), "must be a headless Service"),
                broken("two parameter servers", o -> find(o, StatefulSet.class, "a3c-server").getSpec().setReplicas(2),
                        "exactly 1 replica"),
                broken("no workers", o -> find(o, Deployment.class, "a3c-worker").getSpec().setReplicas(0),
                        "replicas >= 1"),
                broken("worker dials a port the service lacks", o -> replaceArg(worker(o), "--server", "a3c-server:50052"),
                        "has no port 50052"),
                broken("worker dials an unknown host", o -> replaceArg(worker(o), "--server", "parameter-server:50051"),
                        "names no Service"),
                broken("worker dials the HTTP port", o -> replaceArg(worker(o), "--server", "a3c-server:8080"),
                        "does not lead to the server's gRPC port"),
                broken("server without readiness probe", o -> server(o).setReadinessProbe(null), "no readiness probe"),
                broken("server without startup probe", o -> server(o).setStartupProbe(null), "no startup probe"),
                broken("worker probe on another port", o -> worker(o).getLivenessProbe().getHttpGet()
                        .setPort(new IntOrString(9401)), "points at port 9401"),
                broken("server probe on the HTTP port", o -> server(o).getLivenessProbe().getGrpc().setPort(8080),
                        "gRPC health service on --port 50051"),
                broken("worker without memory limit", o -> worker(o).getResources().getLimits().remove("memory"),
                        "request and a limit for memory"),
                broken("request above limit", o -> worker(o).getResources().getRequests()
                        .put("cpu", new io.fabric8.kubernetes.api.model.Quantity("2")), "requests more cpu"),
                broken("heap beyond the memory limit", o -> setEnv(worker(o), "A3C_JAVA_OPTS",
                        "-Xmx512m -Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=1g"),
                        "below the memory limit"),
                broken("heap and off-heap beyond maxphysicalbytes", o -> setEnv(server(o), "A3C_JAVA_OPTS",
                        "-Xmx1g -Dorg.bytedeco.javacpp.maxbytes=512m -Dorg.bytedeco.javacpp.maxphysicalbytes=1200m"),
                        "exceed maxphysicalbytes"),
                broken("ND4J threads not limited", o -> setEnv(worker(o), "OMP_NUM_THREADS", "2"), "OMP_NUM_THREADS=1"),
                broken("pod may run as root", o -> serverPod(o).getSpec().getSecurityContext().setRunAsNonRoot(false),
                        "runAsNonRoot"),
                broken("writable root file system", o -> worker(o).getSecurityContext().setReadOnlyRootFilesystem(false),
                        "readOnlyRootFilesystem"),
                broken("capabilities kept", o -> server(o).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")),
                        "capabilities drop ALL"),
                broken("no /tmp", o -> worker(o).getVolumeMounts().removeIf(m -> m.getMountPath().equals("/tmp")),
                        "emptyDir at /tmp"),
                broken("token key renamed", o -> {
                    Secret secret = find(o, Secret.class, "a3c-token");
                    secret.setStringData(Map.of("password", secret.getStringData().get("token")));
                }, "key token of Secret a3c-token"),
                broken("server and worker read different secrets", o -> worker(o).getEnv().stream()
                        .filter(e -> e.getName().equals("A3C_TOKEN")).findFirst().orElseThrow().getValueFrom()
                        .getSecretKeyRef().setName("other-token"), "Secret other-token"),
                broken("ConfigMap missing", o -> o.removeIf(x -> x instanceof ConfigMap), "ConfigMap a3c-config"),
                broken("configuration the server rejects", o -> {
                    ConfigMap config = find(o, ConfigMap.class, "a3c-config");
                    config.getData().put("config.json", "{\"algorithm\": {\"gamma\": 2}}");
                }, "not a valid training configuration"),
                broken("configuration with an unknown field", o -> {
                    ConfigMap config = find(o, ConfigMap.class, "a3c-config");
                    config.getData().put("config.json", "{\"algorithm\": {\"gama\": 0.9}}");
                }, "not a valid training configuration"),
                broken("scrape annotation on another port", o -> workerPod(o).getMetadata().getAnnotations()
                        .put("prometheus.io/port", "8080"), "prometheus.io/port is 8080"),
                broken("no scrape annotation", o -> serverPod(o).getMetadata().getAnnotations().remove("prometheus.io/scrape"),
                        "prometheus.io/scrape"),
                broken("server forgets its run on restart", o -> server(o).getArgs().remove("--resume"), "--resume"),
                broken("server exits when training ends", o -> server(o).getArgs().remove("--stay-up"),
                        "a3c-server must start with --stay-up"),
                broken("worker exits when the run is over", o -> worker(o).getArgs().remove("--stay-up"),
                        "a3c-worker must start with --stay-up"),
                broken("run folder off the volume claim", o -> replaceArg(server(o), "--run-dir", "/tmp/run"),
                        "is not on a volume claim"),
                broken("wrong image", o -> worker(o).setImage("a3c:latest"), "runs image a3c:latest"),
                broken("object outside the namespace", o -> find(o, Service.class, "a3c-server").getMetadata()
                        .setNamespace("default"), "in namespace default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenVariants")
    void aBrokenVariantIsReported(String what, Consumer<List<HasMetadata>> breakIt, String expected) throws Exception {
        List<HasMetadata> objects = new ArrayList<>(base().stream().map(StrictManifests::copy).toList());
        assertEquals(List.of(), ManifestChecks.problems(objects, false), "the copy is intact");
        breakIt.accept(objects);
        List<String> problems = ManifestChecks.problems(objects, false);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                what + ": expected a problem containing '" + expected + "', got " + problems);
    }
}
