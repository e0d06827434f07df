package dev.a3c.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus scrapes a real training run (an {@code a3c server} and two {@code a3c worker} processes on
 * loopback) with the scrape configuration and alerting rules the project ships, adapted only in its addresses and
 * intervals. Every PromQL expression of the Grafana dashboard returns data through Prometheus' HTTP API, every
 * alerting rule loads and evaluates without error, a healthy run raises no alert, and a worker killed without
 * leaving raises the alerts that say so.
 */
@Tag("integration")
class PrometheusMonitoringTest {

    private static final Pattern METRIC = Pattern.compile("\\b(a3c_[a-z0-9_]+|up)\\b");

    private final Path root = Deployment.repositoryRoot();

    @Test
    void prometheusScrapesARunAndEveryDashboardQueryAndAlertRuleWorks(@TempDir Path dir) throws Exception {
        Path prometheus = PrometheusProcess.binary().orElse(null);
        assumeTrue(prometheus != null, "no prometheus on the PATH (Debian's package prometheus; .ci/run installs it)");

        int grpcPort = Deployment.freePort();
        int httpPort = Deployment.freePort();
        List<Integer> workerPorts = List.of(Deployment.freePort(), Deployment.freePort());
        List<Process> processes = new ArrayList<>();
        Path serverLog = dir.resolve("server.log");
        try {
            processes.add(PackagedA3c.start(PackagedA3c.SERVER_MEMORY, List.of("server", "--bind", "127.0.0.1",
                    "--port", Integer.toString(grpcPort), "--http-port", Integer.toString(httpPort),
                    "--run-dir", dir.resolve("run").toString(), "--env", "CartPole-v1", "--target-return", "none",
                    "--max-steps", "100000000", "--checkpoint-interval", "5s", "--lease", "3"), serverLog));
            for (int i = 0; i < workerPorts.size(); i++) {
                processes.add(PackagedA3c.start(PackagedA3c.WORKER_MEMORY, List.of("worker",
                        "--server", "127.0.0.1:" + grpcPort, "--metrics-bind", "127.0.0.1",
                        "--metrics-port", Integer.toString(workerPorts.get(i))), dir.resolve("worker-" + i + ".log")));
            }
            Path config = writeConfig(dir, "127.0.0.1:" + httpPort,
                    workerPorts.stream().map(p -> "127.0.0.1:" + p).toList());
            try (PrometheusProcess server = PrometheusProcess.start(prometheus, config, dir)) {
                await("every target up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().untilAsserted(() -> {
                            assertTrue(server.isAlive(), server.logTail());
                            JsonNode targets = server.api("targets").path("activeTargets");
                            assertEquals(3, targets.size(), targets.toString());
                            for (JsonNode target : targets) {
                                assertEquals("up", target.path("health").asText(), target.toString());
                            }
                        });

                await("updates applied").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().untilAsserted(() -> assertTrue(
                                number(server.query("sum(rate(a3c_updates_total[1m]))")) > 0,
                                PackagedA3c.tail(serverLog, 10)));
                Map<String, String> dashboard = dashboardQueries();
                await("every dashboard query returns a number").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                            List<String> empty = new ArrayList<>();
                            for (Map.Entry<String, String> query : dashboard.entrySet()) {
                                if (Double.isNaN(number(server.query(query.getKey())))) {
                                    empty.add(query.getValue() + ": " + query.getKey());
                                }
                            }
                            assertTrue(empty.isEmpty(), "no number for " + empty + "\nserver log:\n"
                                    + PackagedA3c.tail(serverLog, 10));
                        });

                List<String> alerts = alertExpressions();
                Set<String> metrics = new TreeSet<>();
                alerts.forEach(expr -> metrics.addAll(metricNames(expr)));
                for (String metric : metrics) {
                    assertTrue(!server.query("count(" + metric + ")").isEmpty(),
                            "the alerting rules read " + metric + ", which no target exports");
                }
                await("every rule evaluated").atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    List<JsonNode> rules = new ArrayList<>();
                    server.api("rules").path("groups").forEach(g -> g.path("rules").forEach(rules::add));
                    assertEquals(alerts.size(), rules.size(), rules.toString());
                    for (JsonNode rule : rules) {
                        assertEquals("ok", rule.path("health").asText(), rule.toString());
                        assertTrue(rule.path("lastEvaluation").asText().startsWith("20"), rule.toString());
                    }
                });
                // pending alerts of the start (no update yet while the workers warm up) are gone once updates flow
                await("a healthy run raises no alert").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .untilAsserted(() -> assertEquals(0, server.query("ALERTS").size(),
                                server.query("ALERTS").toString()));

                // a worker killed without leaving: its lease runs out on the server, and its target goes down
                processes.get(1).destroyForcibly().waitFor();
                String killed = "127.0.0.1:" + workerPorts.get(0);
                await("the alerts of a lost worker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptions().untilAsserted(() -> {
                            JsonNode expiring = server.query(
                                    "ALERTS{alertname=\"A3cWorkersExpiring\", alertstate=\"firing\"}");
                            assertEquals(1, expiring.size(), expiring.toString());
                            assertEquals("a3c-server", expiring.get(0).path("metric").path("job").asText());
                            JsonNode down = server.query("ALERTS{alertname=\"A3cWorkerDown\"}");
                            assertEquals(1, down.size(), down.toString());
                            assertEquals(killed, down.get(0).path("metric").path("instance").asText());
                            assertEquals("pending", down.get(0).path("metric").path("alertstate").asText(),
                                    "it fires after 5 minutes down");
                        });
            }
        } finally {
            PackagedA3c.stopAll(processes);
        }
    }

    /** The first value of a query's result that is a number (not NaN), else NaN: an empty result or only NaN. */
    private static double number(JsonNode result) {
        for (JsonNode sample : result) {
            double value = Double.parseDouble(sample.path("value").get(1).asText());
            if (!Double.isNaN(value)) {
                return value;
            }
        }
        return Double.NaN;
    }

    /** The shipped prometheus.yml, its targets replaced by the test's and its intervals shortened; nothing else. */
    @SuppressWarnings("unchecked")
    private Path writeConfig(Path dir, String serverTarget, List<String> workerTargets) throws IOException {
        Map<String, Object> config = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        assertEquals(List.of("alerts.yml"), config.get("rule_files"));
        Files.copy(root.resolve("deploy/prometheus/alerts.yml"), dir.resolve("alerts.yml"));
        Set<String> jobs = new TreeSet<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            String name = (String) job.get("job_name");
            jobs.add(name);
            List<String> targets = switch (name) {
                case "a3c-server" -> List.of(serverTarget);
                case "a3c-worker" -> workerTargets;
                default -> throw new AssertionError("a scrape job this test does not know how to point: " + name);
            };
            job.remove("dns_sd_configs");
            job.put("static_configs", List.of(Map.of("targets", targets)));
        }
        assertEquals(Set.of("a3c-server", "a3c-worker"), jobs);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, new Yaml(options).dump(config));
        return file;
    }

    /** Every target expression of the Grafana dashboard, with the title of its panel. */
    private Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        collect(Deployment.JSON.readTree(root.resolve("deploy/grafana/dashboards/a3c.json").toFile()), queries);
        assertTrue(queries.size() >= 10, queries.toString());
        return queries;
    }

    private static void collect(JsonNode parent, Map<String, String> queries) {
        for (JsonNode panel : parent.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(target.required("expr").asText(), panel.path("title").asText());
            }
            collect(panel, queries);
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> alertExpressions() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) yaml(root.resolve("deploy/prometheus/alerts.yml"))
                .get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
            }
        }
        return expressions;
    }

    static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml().load(in);
        }
    }
}
