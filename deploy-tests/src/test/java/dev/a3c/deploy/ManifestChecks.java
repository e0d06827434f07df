package dev.a3c.deploy;

import dev.a3c.config.ConfigLayers;
import dev.a3c.config.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold for the a3c manifests to work once applied, checked on typed objects: workloads
 * and services select each other's pods, probes and scrape annotations point at ports the
 * containers declare and the processes serve, resources and the JVM's memory flags fit together,
 * every pod runs locked down, the worker finds the server by a service name and port that exist,
 * server and worker read the same token, TLS is on both sides or neither (its files from Secrets, the server's
 * probes over HTTP then), the volume claim holds the server's run folder, and the configuration in the ConfigMap is
 * one the server accepts. {@link #problems} lists what is wrong,
 * one sentence each; an empty list means all is well.
 */
final class ManifestChecks {

    static final String NAMESPACE = "a3c";
    static final String IMAGE = "a3c:0.1.0";
    static final String SERVER = "a3c-server";
    static final String WORKER = "a3c-worker";
    /** Room for the JVM's own native memory (metaspace, code cache, threads) beyond JavaCPP's cap. */
    static final long JVM_HEADROOM_BYTES = 128L << 20;

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]?)");

    private final List<HasMetadata> objects;
    private final boolean rendered;
    private final List<String> problems = new ArrayList<>();

    /** A workload's pods: its kind and name, its selector, its pod template and its volume claim templates. */
    private record Workload(String name, Integer replicas, LabelSelector selector, PodTemplateSpec template,
                            List<String> claimTemplates) {
        Map<String, String> podLabels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        Container container() {
            return template.getSpec().getContainers().get(0);
        }
    }

    /** Where a process reads the shared token from: a Secret and its key. */
    private record SecretRef(String secret, String key) {}

    private ManifestChecks(List<HasMetadata> objects, boolean rendered) {
        this.objects = objects;
        this.rendered = rendered;
    }

    /**
     * The problems of a set of objects.
     *
     * @param rendered true for kustomize's output (every object must carry the namespace), false for
     *     the base's files (kustomize adds it)
     */
    static List<String> problems(List<HasMetadata> objects, boolean rendered) {
        ManifestChecks checks = new ManifestChecks(objects, rendered);
        checks.run();
        return List.copyOf(checks.problems);
    }

    private void problem(String text) {
        problems.add(text);
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    private void run() {
        checkNamespaces();
        Optional<StatefulSet> server = named(StatefulSet.class, SERVER);
        Optional<Deployment> worker = named(Deployment.class, WORKER);
        if (server.isEmpty()) {
            problem("no StatefulSet " + SERVER);
        }
        if (worker.isEmpty()) {
            problem("no Deployment " + WORKER);
        }
        List<Workload> workloads = new ArrayList<>();
        for (StatefulSet s : all(StatefulSet.class)) {
            workloads.add(new Workload("StatefulSet " + s.getMetadata().getName(), s.getSpec().getReplicas(),
                    s.getSpec().getSelector(), s.getSpec().getTemplate(),
                    s.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList()));
        }
        for (Deployment d : all(Deployment.class)) {
            workloads.add(new Workload("Deployment " + d.getMetadata().getName(), d.getSpec().getReplicas(),
                    d.getSpec().getSelector(), d.getSpec().getTemplate(), List.of()));
        }
        for (Workload w : workloads) {
            checkSelector(w);
            checkPod(w);
        }
        for (Service service : all(Service.class)) {
            checkService(service, workloads);
        }
        if (server.isPresent() && worker.isPresent()) {
            Workload s = workloads.stream().filter(w -> w.name().equals("StatefulSet " + SERVER)).findFirst().orElseThrow();
            Workload w = workloads.stream().filter(x -> x.name().equals("Deployment " + WORKER)).findFirst().orElseThrow();
            checkServer(server.get(), s);
            checkWorker(w, s);
            Optional<SecretRef> serverToken = token(s);
            Optional<SecretRef> workerToken = token(w);
            if (serverToken.isEmpty() || workerToken.isEmpty()) {
                problem("server and workers must both take the shared token from a Secret (server " + serverToken
                        + ", worker " + workerToken + ")");
            } else if (!serverToken.equals(workerToken)) {
                problem("server and workers read different tokens: " + serverToken.get() + " vs " + workerToken.get());
            }
        }
    }

    private void checkNamespaces() {
        List<Namespace> namespaces = all(Namespace.class);
        if (namespaces.size() != 1 || !NAMESPACE.equals(namespaces.get(0).getMetadata().getName())) {
            problem("expected exactly the Namespace " + NAMESPACE + ", got "
                    + namespaces.stream().map(n -> n.getMetadata().getName()).toList());
        }
        for (HasMetadata o : objects) {
            if (o instanceof Namespace) {
                continue;
            }
            String ns = o.getMetadata().getNamespace();
            if (rendered ? !NAMESPACE.equals(ns) : ns != null && !NAMESPACE.equals(ns)) {
                problem(o.getKind() + " " + o.getMetadata().getName() + " is in namespace " + ns + ", not " + NAMESPACE);
            }
        }
    }

    private void checkSelector(Workload w) {
        LabelSelector selector = w.selector();
        if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
            problem(w.name() + " has no selector matchLabels");
            return;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            problem(w.name() + ": use matchLabels only");
        }
        if (!w.podLabels().entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            problem(w.name() + " selector " + selector.getMatchLabels() + " does not match its pod labels " + w.podLabels());
        }
        if (w.replicas() == null || w.replicas() < 1) {
            problem(w.name() + " needs replicas >= 1, has " + w.replicas());
        }
    }

    private void checkService(Service service, List<Workload> workloads) {
        String name = "Service " + service.getMetadata().getName();
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            problem(name + " has no selector");
            return;
        }
        List<Workload> selected = workloads.stream().filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
        if (selected.size() != 1) {
            problem(name + " selector " + selector + " selects the pods of " + selected.stream().map(Workload::name).toList()
                    + ", not exactly one workload");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            if (containerPort(selected.get(0).container(), target).isEmpty()) {
                problem(name + " port " + port.getPort() + " targets " + describe(target) + ", which "
                        + selected.get(0).name() + " does not declare");
            }
        }
    }

    private void checkPod(Workload w) {
        List<String> claimTemplates = w.claimTemplates();
        PodTemplateSpec template = w.template();
        PodSecurityContext pod = template.getSpec().getSecurityContext();
        if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot()) || !Long.valueOf(10001).equals(pod.getRunAsUser())
                || pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
            problem(w.name() + ": the pod must set runAsNonRoot: true, runAsUser: 10001 and seccompProfile RuntimeDefault");
        }
        Map<String, Volume> volumes = new LinkedHashMap<>();
        for (Volume v : template.getSpec().getVolumes()) {
            volumes.put(v.getName(), v);
        }
        if (template.getSpec().getContainers().size() != 1) {
            problem(w.name() + " should run exactly one container");
        }
        for (Container c : template.getSpec().getContainers()) {
            String where = w.name() + " container " + c.getName();
            if (!IMAGE.equals(c.getImage())) {
                problem(where + " runs image " + c.getImage() + ", not " + IMAGE);
            }
            SecurityContext sc = c.getSecurityContext();
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())
                    || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()) || Boolean.TRUE.equals(sc.getPrivileged())
                    || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                    || !sc.getCapabilities().getDrop().contains("ALL")) {
                problem(where + ": needs allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities drop ALL");
            }
            for (VolumeMount m : c.getVolumeMounts()) {
                if (!volumes.containsKey(m.getName()) && !claimTemplates.contains(m.getName())) {
                    problem(where + " mounts " + m.getName() + ", which is neither a volume nor a claim template");
                }
            }
            boolean tmp = c.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())
                    && volumes.containsKey(m.getName()) && volumes.get(m.getName()).getEmptyDir() != null);
            if (!tmp) {
                problem(where + " needs an emptyDir at /tmp (the root file system is read-only)");
            }
            checkResources(where, c);
            checkProbes(where, c, w.name().startsWith("StatefulSet"));
            checkEnvironment(where, c);
        }
        for (Volume v : volumes.values()) {
            checkVolume(w.name(), v);
        }
        checkScrapeAnnotations(w);
    }

    private void checkResources(String where, Container c) {
        if (c.getResources() == null) {
            problem(where + " has no resources");
            return;
        }
        Map<String, Quantity> requests = c.getResources().getRequests() == null ? Map.of() : c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits() == null ? Map.of() : c.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null || limit == null) {
                problem(where + " needs both a request and a limit for " + resource);
            } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                problem(where + " requests more " + resource + " (" + request + ") than its limit (" + limit + ")");
            }
        }
        Quantity memory = limits.get("memory");
        Optional<String> options = env(c, "A3C_JAVA_OPTS");
        if (options.isEmpty()) {
            problem(where + " sets no JVM memory flags (A3C_JAVA_OPTS)");
            return;
        }
        Long heap = jvmSize(options.get(), "-Xmx");
        Long offHeap = jvmSize(options.get(), "-Dorg.bytedeco.javacpp.maxbytes=");
        Long physical = jvmSize(options.get(), "-Dorg.bytedeco.javacpp.maxphysicalbytes=");
        if (heap == null || offHeap == null || physical == null) {
            problem(where + ": A3C_JAVA_OPTS must set -Xmx, maxbytes and maxphysicalbytes: " + options.get());
            return;
        }
        if (heap + offHeap > physical) {
            problem(where + ": heap " + heap + " + off-heap " + offHeap + " exceed maxphysicalbytes " + physical);
        }
        if (memory != null && BigDecimal.valueOf(physical + JVM_HEADROOM_BYTES).compareTo(Quantity.getAmountInBytes(memory)) > 0) {
            problem(where + ": maxphysicalbytes " + physical + " leaves less than " + JVM_HEADROOM_BYTES
                    + " bytes below the memory limit " + memory);
        }
    }

    private static Long jvmSize(String options, String flag) {
        for (String option : options.trim().split("\\s+")) {
            if (option.startsWith(flag)) {
                Matcher m = SIZE.matcher(option.substring(flag.length()));
                if (!m.matches()) {
                    return null;
                }
                long value = Long.parseLong(m.group(1));
                return switch (m.group(2).toLowerCase()) {
                    case "k" -> value << 10;
                    case "m" -> value << 20;
                    case "g" -> value << 30;
                    default -> value;
                };
            }
        }
        return null;
    }

    private void checkProbes(String where, Container c, boolean needsStartup) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("liveness", c.getLivenessProbe());
        probes.put("readiness", c.getReadinessProbe());
        if (needsStartup || c.getStartupProbe() != null) {
            probes.put("startup", c.getStartupProbe());
        }
        probes.forEach((kind, probe) -> {
            if (probe == null) {
                problem(where + " has no " + kind + " probe");
                return;
            }
            IntOrString port = probe.getGrpc() != null ? new IntOrString(probe.getGrpc().getPort())
                    : probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                    : probe.getTcpSocket() != null ? probe.getTcpSocket().getPort() : null;
            if (port == null) {
                problem(where + " " + kind + " probe checks no port");
            } else if (containerPort(c, port).isEmpty()) {
                problem(where + " " + kind + " probe points at " + describe(port) + ", which the container does not declare");
            }
        });
    }

    private void checkEnvironment(String where, Container c) {
        if (!Optional.of("1").equals(env(c, "OMP_NUM_THREADS"))) {
            problem(where + " must set OMP_NUM_THREADS=1");
        }
        for (EnvVar e : c.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                if (secretKey(ref.getName(), ref.getKey()).isEmpty()) {
                    problem(where + " env " + e.getName() + " reads key " + ref.getKey() + " of Secret " + ref.getName()
                            + ", which does not exist");
                }
            }
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                if (configMapKey(ref.getName(), ref.getKey()).isEmpty()) {
                    problem(where + " env " + e.getName() + " reads key " + ref.getKey() + " of ConfigMap " + ref.getName()
                            + ", which does not exist");
                }
            }
        }
    }

    private void checkVolume(String workload, Volume v) {
        if (v.getConfigMap() != null) {
            String name = v.getConfigMap().getName();
            if (named(ConfigMap.class, name).isEmpty()) {
                problem(workload + " volume " + v.getName() + " needs ConfigMap " + name + ", which does not exist");
            } else {
                for (KeyToPath item : v.getConfigMap().getItems()) {
                    if (configMapKey(name, item.getKey()).isEmpty()) {
                        problem(workload + " volume " + v.getName() + " needs key " + item.getKey() + " of ConfigMap " + name);
                    }
                }
            }
        }
        if (v.getSecret() != null) {
            String name = v.getSecret().getSecretName();
            if (named(Secret.class, name).isEmpty()) {
                problem(workload + " volume " + v.getName() + " needs Secret " + name + ", which does not exist");
            } else {
                for (KeyToPath item : v.getSecret().getItems()) {
                    if (secretKey(name, item.getKey()).isEmpty()) {
                        problem(workload + " volume " + v.getName() + " needs key " + item.getKey() + " of Secret " + name);
                    }
                }
            }
        }
    }

    /** The scrape annotations name the port on which the process serves /metrics. */
    private void checkScrapeAnnotations(Workload w) {
        Map<String, String> annotations = w.template().getMetadata().getAnnotations() == null ? Map.of()
                : w.template().getMetadata().getAnnotations();
        if (!"true".equals(annotations.get("prometheus.io/scrape")) || !"/metrics".equals(annotations.get("prometheus.io/path"))) {
            problem(w.name() + ": pods need prometheus.io/scrape: \"true\" and prometheus.io/path: /metrics");
        }
        List<String> args = w.container().getArgs();
        Optional<String> metricsPort = "server".equals(first(args)) ? Args.value(args, "--http-port")
                : "worker".equals(first(args)) ? Args.value(args, "--metrics-port") : Optional.empty();
        String annotated = annotations.get("prometheus.io/port");
        if (metricsPort.isEmpty() || !metricsPort.get().equals(annotated)) {
            problem(w.name() + ": prometheus.io/port is " + annotated + " but the process serves /metrics on "
                    + metricsPort.orElse("no port"));
        } else if (containerPort(w.container(), new IntOrString(Integer.parseInt(annotated))).isEmpty()) {
            problem(w.name() + ": the metrics port " + annotated + " is not a declared container port");
        }
    }

    private void checkServer(StatefulSet set, Workload s) {
        List<String> args = s.container().getArgs();
        if (!"server".equals(first(args))) {
            problem(s.name() + " does not run `a3c server`: " + args);
            return;
        }
        if (!Integer.valueOf(1).equals(set.getSpec().getReplicas())) {
            problem(s.name() + " must run exactly 1 replica (one parameter server owns the model), has "
                    + set.getSpec().getReplicas());
        }
        if (!args.contains("--resume")) {
            problem(s.name() + " must start with --resume, so that a restarted pod continues the run");
        }
        if (!args.contains("--stay-up")) {
            problem(s.name() + " must start with --stay-up: a server that exits when training ends is restarted, "
                    + "again and again");
        }
        String serviceName = set.getSpec().getServiceName();
        Optional<Service> governing = serviceName == null ? Optional.empty() : named(Service.class, serviceName);
        if (governing.isEmpty()) {
            problem(s.name() + " serviceName " + serviceName + " names no Service");
        } else if (!"None".equals(governing.get().getSpec().getClusterIP())
                || governing.get().getSpec().getSelector() == null
                || !s.podLabels().entrySet().containsAll(governing.get().getSpec().getSelector().entrySet())) {
            problem(s.name() + " serviceName " + serviceName + " must be a headless Service selecting its pods");
        }
        // the run folder lives on the volume claim
        List<String> claims = s.claimTemplates();
        Optional<String> runDir = Args.value(args, "--run-dir");
        boolean onClaim = runDir.isPresent() && s.container().getVolumeMounts().stream()
                .anyMatch(m -> claims.contains(m.getName()) && under(runDir.get(), m.getMountPath()));
        if (!onClaim) {
            problem(s.name() + ": --run-dir " + runDir.orElse("(none)") + " is not on a volume claim " + claims);
        }
        // the gRPC port is declared, and probed: by Kubernetes' gRPC probes, which speak plaintext only, or, when
        // the server serves TLS, over HTTP
        Optional<String> port = Args.value(args, "--port");
        boolean tls = servesTls(s);
        if (port.isEmpty() || containerPort(s.container(), new IntOrString(Integer.parseInt(port.get()))).isEmpty()) {
            problem(s.name() + ": --port " + port.orElse("(none)") + " is not a declared container port");
        } else if (!tls) {
            for (Probe probe : new Probe[] {s.container().getReadinessProbe(), s.container().getLivenessProbe(),
                s.container().getStartupProbe()}) {
                if (probe != null && (probe.getGrpc() == null || probe.getGrpc().getPort() != Integer.parseInt(port.get()))) {
                    problem(s.name() + ": probes must use the gRPC health service on --port " + port.get());
                }
            }
        } else {
            Optional<String> httpPort = Args.value(args, "--http-port");
            for (Probe probe : new Probe[] {s.container().getReadinessProbe(), s.container().getLivenessProbe(),
                s.container().getStartupProbe()}) {
                if (probe != null && (probe.getHttpGet() == null || !"/healthz".equals(probe.getHttpGet().getPath())
                        || !containerPort(s.container(), probe.getHttpGet().getPort()).map(String::valueOf).equals(httpPort))) {
                    problem(s.name() + ": serving TLS, probes must GET /healthz on --http-port "
                            + httpPort.orElse("(none)") + " (Kubernetes' gRPC probes do not speak TLS)");
                }
            }
            for (String flag : List.of("--tls-cert", "--tls-key")) {
                String file = Args.value(args, flag).orElse("(none)");
                if (secretFile(s, file).isEmpty()) {
                    problem(s.name() + ": " + flag + " " + file + " is no key of a mounted Secret");
                }
            }
        }
        // the configuration file comes from the ConfigMap, and the server accepts it
        Optional<String> config = Args.value(args, "--config");
        if (config.isEmpty()) {
            problem(s.name() + " starts without --config");
        } else {
            Optional<String> text = configFile(s, config.get());
            if (text.isEmpty()) {
                problem(s.name() + ": --config " + config.get() + " is no key of a mounted ConfigMap");
            } else {
                try {
                    ConfigLayers.resolve(Json.mapper().readTree(text.get()), java.util.Map.of());
                } catch (Exception e) {
                    problem(s.name() + ": --config " + config.get() + " is not a valid training configuration: "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }

    private void checkWorker(Workload w, Workload server) {
        List<String> args = w.container().getArgs();
        if (!"worker".equals(first(args))) {
            problem(w.name() + " does not run `a3c worker`: " + args);
            return;
        }
        if (!args.contains("--stay-up")) {
            problem(w.name() + " must start with --stay-up: a worker that exits when the run is over is restarted, "
                    + "again and again");
        }
        Optional<String> address = Args.value(args, "--server");
        Matcher m = address.isEmpty() ? null : Pattern.compile("([a-z0-9.-]+):(\\d+)").matcher(address.get());
        if (m == null || !m.matches()) {
            problem(w.name() + ": --server must be HOST:PORT, got " + address.orElse("(none)"));
            return;
        }
        String host = m.group(1);
        int port = Integer.parseInt(m.group(2));
        String serviceName = host.split("\\.")[0];
        Set<String> valid = Set.of(serviceName, serviceName + "." + NAMESPACE, serviceName + "." + NAMESPACE + ".svc",
                serviceName + "." + NAMESPACE + ".svc.cluster.local");
        Optional<Service> service = named(Service.class, serviceName);
        if (service.isEmpty() || !valid.contains(host)) {
            problem(w.name() + ": --server host " + host + " names no Service");
            return;
        }
        Optional<ServicePort> servicePort = service.get().getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port).findFirst();
        Optional<String> serverPort = Args.value(server.container().getArgs(), "--port");
        Map<String, String> selector = service.get().getSpec().getSelector() == null ? Map.of()
                : service.get().getSpec().getSelector();
        if (servicePort.isEmpty()) {
            problem(w.name() + ": Service " + serviceName + " has no port " + port);
        } else if (!server.podLabels().entrySet().containsAll(selector.entrySet())
                || !containerPort(server.container(), servicePort.get().getTargetPort()).map(String::valueOf).equals(serverPort)) {
            problem(w.name() + ": " + host + ":" + port + " does not lead to the server's gRPC port " + serverPort.orElse("?"));
        }
        // TLS on both sides or on neither; the certificate authority a worker trusts comes from a Secret
        Optional<String> ca = Args.value(args, "--tls-ca");
        boolean connectsOverTls = ca.isPresent() || (args != null && args.contains("--tls"));
        if (servesTls(server) && !connectsOverTls) {
            problem(w.name() + " connects in plaintext to a server that serves TLS (--tls-ca or --tls)");
        } else if (!servesTls(server) && connectsOverTls) {
            problem(w.name() + " connects over TLS to a server that serves plaintext");
        }
        if (ca.isPresent() && secretFile(w, ca.get()).isEmpty()) {
            problem(w.name() + ": --tls-ca " + ca.get() + " is no key of a mounted Secret");
        }
        Optional<String> metricsPort = Args.value(args, "--metrics-port");
        if (metricsPort.isEmpty()) {
            problem(w.name() + " serves no metrics (--metrics-port)");
        } else {
            for (Probe probe : new Probe[] {w.container().getReadinessProbe(), w.container().getLivenessProbe()}) {
                if (probe != null && (probe.getHttpGet() == null || !"/healthz".equals(probe.getHttpGet().getPath())
                        || !containerPort(w.container(), probe.getHttpGet().getPort()).map(String::valueOf).equals(metricsPort))) {
                    problem(w.name() + ": probes must GET /healthz on the metrics port " + metricsPort.get());
                }
            }
        }
    }

    /** Where a workload's process reads the token from: a file of a Secret volume, or a variable from a Secret. */
    private Optional<SecretRef> token(Workload w) {
        List<String> args = w.container().getArgs();
        Optional<String> file = Args.value(args, "--token-file");
        if (file.isPresent()) {
            Optional<SecretRef> ref = secretFile(w, file.get());
            if (ref.isEmpty()) {
                problem(w.name() + ": --token-file " + file.get() + " is no key of a mounted Secret");
            }
            return ref;
        }
        Optional<String> variable = Args.value(args, "--token-env");
        if (variable.isPresent()) {
            for (EnvVar e : w.container().getEnv()) {
                if (e.getName().equals(variable.get()) && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    var ref = e.getValueFrom().getSecretKeyRef();
                    if (secretKey(ref.getName(), ref.getKey()).isPresent()) {
                        return Optional.of(new SecretRef(ref.getName(), ref.getKey()));
                    }
                }
            }
            problem(w.name() + ": --token-env " + variable.get() + " is not set from an existing Secret key");
        }
        return Optional.empty();
    }

    private static boolean servesTls(Workload server) {
        return Args.value(server.container().getArgs(), "--tls-cert").isPresent();
    }

    /** The Secret and key whose mounted volume provides {@code file}, if a Secret that exists does. */
    private Optional<SecretRef> secretFile(Workload w, String file) {
        for (VolumeMount mount : w.container().getVolumeMounts()) {
            Optional<Volume> volume = w.template().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()) && v.getSecret() != null).findFirst();
            if (volume.isPresent() && file.startsWith(mount.getMountPath() + "/")) {
                String key = keyForPath(volume.get().getSecret().getItems(), file.substring(mount.getMountPath().length() + 1));
                String secret = volume.get().getSecret().getSecretName();
                if (secretKey(secret, key).isPresent()) {
                    return Optional.of(new SecretRef(secret, key));
                }
            }
        }
        return Optional.empty();
    }

    /** The content of a file a ConfigMap volume provides at {@code file}, if one does. */
    private Optional<String> configFile(Workload w, String file) {
        for (VolumeMount mount : w.container().getVolumeMounts()) {
            Optional<Volume> volume = w.template().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()) && v.getConfigMap() != null)
                    .findFirst();
            if (volume.isPresent() && file.startsWith(mount.getMountPath() + "/")) {
                String key = keyForPath(volume.get().getConfigMap().getItems(), file.substring(mount.getMountPath().length() + 1));
                Optional<String> content = configMapKey(volume.get().getConfigMap().getName(), key);
                if (content.isPresent()) {
                    return content;
                }
            }
        }
        return Optional.empty();
    }

    /** With items, the key projected to {@code path}; without, the key is the path. */
    private static String keyForPath(List<KeyToPath> items, String path) {
        if (items == null || items.isEmpty()) {
            return path;
        }
        return items.stream().filter(i -> path.equals(i.getPath())).map(KeyToPath::getKey).findFirst().orElse("\0none");
    }

    private Optional<String> configMapKey(String name, String key) {
        return named(ConfigMap.class, name).map(c -> c.getData() == null ? null : c.getData().get(key));
    }

    private Optional<String> secretKey(String name, String key) {
        return named(Secret.class, name).map(s -> {
            if (s.getStringData() != null && s.getStringData().containsKey(key)) {
                return s.getStringData().get(key);
            }
            return s.getData() == null ? null : s.getData().get(key);
        });
    }

    /** The container port a probe or service port points at (by number or by name), if the container declares it. */
    private static Optional<Integer> containerPort(Container c, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        for (ContainerPort p : c.getPorts()) {
            if (port.getIntVal() != null ? Objects.equals(port.getIntVal(), p.getContainerPort())
                    : Objects.equals(port.getStrVal(), p.getName())) {
                return Optional.of(p.getContainerPort());
            }
        }
        return Optional.empty();
    }

    private static String describe(IntOrString port) {
        return port.getIntVal() != null ? "port " + port.getIntVal() : "port '" + port.getStrVal() + "'";
    }

    private static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName()) && e.getValue() != null).map(EnvVar::getValue)
                .findFirst();
    }

    private static String first(List<String> args) {
        return args == null || args.isEmpty() ? null : args.get(0);
    }

    private static boolean under(String file, String directory) {
        Path f = Path.of(file).normalize();
        return f.startsWith(Path.of(directory).normalize());
    }

    /** Command-line flags: {@code --flag value} or {@code --flag=value}. */
    static final class Args {
        private Args() {}

        static Optional<String> value(List<String> args, String flag) {
            if (args == null) {
                return Optional.empty();
            }
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals(flag) && i + 1 < args.size()) {
                    return Optional.of(args.get(i + 1));
                }
                if (args.get(i).startsWith(flag + "=")) {
                    return Optional.of(args.get(i).substring(flag.length() + 1));
                }
            }
            return Optional.empty();
        }
    }
}
