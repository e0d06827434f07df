package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules in deploy/prometheus/alerts.yml: valid for promtool, passing their own unit tests
 * (alerts-test.yml), loaded by the shipped Prometheus configuration and docker-compose.yml, and the same groups in
 * the Kubernetes PrometheusRule, whose PodMonitors give the job names the rules and the dashboard use.
 */
@Tag("integration")
class AlertRulesTest {

    private final Path root = Deployment.repositoryRoot();
    private final Path rules = root.resolve("deploy/prometheus/alerts.yml");

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
            assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = PrometheusProcess.promtool().orElse(null);
        assumeTrue(promtool != null, "no promtool on the PATH (Debian's package prometheus; .ci/run installs it)");
        String checked = run(List.of(promtool.toString(), "check", "rules", rules.toString()));
        assertTrue(checked.contains("SUCCESS: " + alerts(rulesFile()).size() + " rules found"), checked);
        String tested = run(List.of(promtool.toString(), "test", "rules",
                root.resolve("deploy/prometheus/alerts-test.yml").toString()));
        assertTrue(tested.contains("SUCCESS"), tested);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAUnitTestThatSeesItFire() throws IOException {
        Set<String> fired = new TreeSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) yaml(root.resolve("deploy/prometheus/alerts-test.yml"))
                .get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                if (!((List<?>) check.get("exp_alerts")).isEmpty()) {
                    fired.add((String) check.get("alertname"));
                }
            }
        }
        Set<String> names = new TreeSet<>();
        alerts(rulesFile()).forEach(rule -> names.add((String) rule.get("alert")));
        assertEquals(names, fired);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusAndComposeLoadTheRules() throws IOException {
        assertEquals(List.of("alerts.yml"), yaml(root.resolve("deploy/prometheus/prometheus.yml")).get("rule_files"));
        Map<String, Object> services = (Map<String, Object>) yaml(root.resolve("docker-compose.yml")).get("services");
        List<String> volumes = (List<String>) ((Map<String, Object>) services.get("prometheus")).get("volumes");
        assertTrue(volumes.contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro"), volumes.toString());
        assertTrue(volumes.contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"),
                volumes.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesGetsTheSameRulesAndTheJobNamesTheyUse() throws IOException, InterruptedException {
        Path monitoring = root.resolve("k8s/monitoring");
        Map<String, Object> prometheusRule = null;
        List<Map<String, Object>> podMonitors = new ArrayList<>();
        for (Path file : KustomizeBase.resourceFiles(monitoring)) {
            try (Reader in = Files.newBufferedReader(file)) {
                for (Object document : new Yaml().loadAll(in)) {
                    Map<String, Object> object = (Map<String, Object>) document;
                    assertEquals("monitoring.coreos.com/v1", object.get("apiVersion"), file.toString());
                    switch ((String) object.get("kind")) {
                        case "PrometheusRule" -> prometheusRule = object;
                        case "PodMonitor" -> podMonitors.add(object);
                        default -> throw new AssertionError("unexpected " + object.get("kind") + " in " + file);
                    }
                }
            }
        }
        assertTrue(prometheusRule != null, "no PrometheusRule in k8s/monitoring");
        assertEquals(rulesFile().get("groups"), ((Map<String, Object>) prometheusRule.get("spec")).get("groups"),
                "k8s/monitoring/prometheus-rule.yaml must hold the groups of deploy/prometheus/alerts.yml unchanged");

        // each PodMonitor names its job as the rules do, on a port the pods it selects declare
        Map<String, String> podPorts = Map.of("server", "http", "worker", "metrics");
        Set<String> jobs = new TreeSet<>();
        for (Map<String, Object> monitor : podMonitors) {
            Map<String, Object> spec = (Map<String, Object>) monitor.get("spec");
            String component = ((Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels"))
                    .get("app.kubernetes.io/component");
            Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).get(0);
            assertEquals(podPorts.get(component), endpoint.get("port"), component);
            for (Map<String, Object> relabel : (List<Map<String, Object>>) endpoint.get("relabelings")) {
                if ("job".equals(relabel.get("targetLabel"))) {
                    jobs.add((String) relabel.get("replacement"));
                    assertEquals("a3c-" + component, relabel.get("replacement"));
                }
            }
        }
        assertEquals(Set.of("a3c-server", "a3c-worker"), jobs);
        String base = Files.readString(root.resolve("k8s/server-statefulset.yaml"))
                + Files.readString(root.resolve("k8s/worker-deployment.yaml"));
        assertTrue(base.contains("- name: http\n              containerPort: 8080"), "the server's http port");
        assertTrue(base.contains("- name: metrics\n              containerPort: 9400"), "the worker's metrics port");

        if (KustomizeBase.kubectl().isPresent()) {
            String rendered = run(List.of(KustomizeBase.kubectl().get().toString(), "kustomize", monitoring.toString()));
            assertTrue(rendered.contains("namespace: a3c"), rendered);
            assertTrue(rendered.contains("kind: PrometheusRule"), rendered);
        }
    }

    private Map<String, Object> rulesFile() throws IOException {
        return yaml(rules);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alerts(Map<String, Object> file) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            all.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return all;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml().load(in);
        }
    }
}
