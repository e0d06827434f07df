package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.cli.A3cCommand;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment files read as data, no Docker needed: docker-compose.yml, the Prometheus
 * configuration, the Grafana provisioning and dashboard, and the Dockerfile agree with each other
 * and with the {@code a3c} command's options.
 */
@Tag("integration")
class DeploymentFilesTest {

    private final Path root = Deployment.repositoryRoot();

    @SuppressWarnings("unchecked")
    private Map<String, Object> yaml(String path) throws IOException {
        try (Reader in = Files.newBufferedReader(root.resolve(path))) {
            return new org.yaml.snakeyaml.Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) throws IOException {
        return ((Map<String, Map<String, Object>>) yaml("docker-compose.yml").get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void serverAndWorkersRunTheImageReadOnlyWithTheirCommands() throws IOException {
        for (String name : List.of("server", "worker")) {
            Map<String, Object> service = service(name);
            assertEquals(Deployment.IMAGE, service.get("image"), name);
            assertEquals(List.of(name), service.get("command"), name);
            assertEquals(true, service.get("read_only"), name);
            assertEquals(List.of("/tmp:exec"), service.get("tmpfs"), name);
            assertEquals(".", map(service.get("build")).get("context"), name);
            assertTrue(String.valueOf(map(service.get("healthcheck")).get("test")).contains("a3c-healthcheck"), name);
            assertTrue(String.valueOf(map(service.get("environment")).get("A3C_JAVA_OPTS")).matches(".*-Xmx\\d+m.*maxbytes.*"),
                    name + " JVMs get heap and off-heap limits");
        }
        assertEquals(List.of("a3c-run:/data"), service("server").get("volumes"));
        assertEquals("server:50051", map(service("worker").get("environment")).get("A3C_SERVER"));
        assertEquals("${WORKERS:-2}", String.valueOf(map(service("worker").get("deploy")).get("replicas")));
        assertEquals(List.of("grafana"), service("grafana").get("profiles"));
        assertFalse(service("prometheus").containsKey("profiles"), "Prometheus starts by default");
    }

    @Test
    void everyA3cVariableInComposeIsAnOptionOfItsCommand() throws IOException {
        CommandLine a3c = A3cCommand.commandLine(java.util.Map.of());
        for (String name : List.of("server", "worker")) {
            Set<String> variables = a3c.getSubcommands().get(name).getCommandSpec().options().stream()
                    .map(DeploymentFilesTest::variable).collect(Collectors.toCollection(TreeSet::new));
            variables.add("A3C_JAVA_OPTS");   // read by the image's entrypoint
            if (name.equals("worker") && !variables.contains("A3C_METRICS_PORT")) {
                // --metrics-port comes with the worker's own /metrics endpoint; until then the variable is ignored
                variables.add("A3C_METRICS_PORT");
            }
            for (String variable : map(service(name).get("environment")).keySet()) {
                if (variable.startsWith("A3C_")) {
                    assertTrue(variables.contains(variable), name + ": " + variable + " is no option of a3c " + name);
                }
            }
        }
    }

    private static String variable(OptionSpec option) {
        return "A3C_" + option.longestName().replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheServerAndEveryWorkerReplica() throws IOException {
        Map<String, Object> config = yaml("deploy/prometheus/prometheus.yml");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Map<String, Object>> byName = jobs.stream().collect(Collectors.toMap(j -> (String) j.get("job_name"), j -> j));
        assertEquals(Set.of("a3c-server", "a3c-worker"), byName.keySet());
        Map<String, Object> server = ((List<Map<String, Object>>) byName.get("a3c-server").get("static_configs")).get(0);
        assertEquals(List.of("server:8080"), server.get("targets"), "the server's default --http-port");
        Map<String, Object> workers = ((List<Map<String, Object>>) byName.get("a3c-worker").get("dns_sd_configs")).get(0);
        assertEquals(List.of("worker"), workers.get("names"), "Docker's DNS gives every replica of the service");
        assertEquals(Integer.parseInt(String.valueOf(map(service("worker").get("environment")).get("A3C_METRICS_PORT"))),
                workers.get("port"));
        assertTrue(String.valueOf(service("prometheus").get("volumes")).contains("./deploy/prometheus/prometheus.yml:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaReadsPrometheusAndTheDashboardQueriesIt() throws IOException {
        Map<String, Object> datasource = ((List<Map<String, Object>>) yaml("deploy/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources")).get(0);
        assertEquals("http://prometheus:9090", datasource.get("url"));
        Map<String, Object> provider = ((List<Map<String, Object>>) yaml("deploy/grafana/provisioning/dashboards/a3c.yml")
                .get("providers")).get(0);
        String dashboards = (String) map(provider.get("options")).get("path");
        assertTrue(String.valueOf(service("grafana").get("volumes")).contains("./deploy/grafana/dashboards:" + dashboards + ":ro"));

        JsonNode dashboard = Deployment.JSON.readTree(root.resolve("deploy/grafana/dashboards/a3c.json").toFile());
        assertTrue(dashboard.path("panels").size() >= 8, "a panel for each figure");
        Set<String> titles = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.required("title").asText());
            assertEquals(datasource.get("uid"), panel.path("datasource").required("uid").asText(), panel.required("title").asText());
            assertTrue(panel.path("targets").size() > 0, panel.required("title").asText());
            for (JsonNode target : panel.path("targets")) {
                assertTrue(target.required("expr").asText().contains("a3c_") || target.required("expr").asText().contains("jvm_")
                        || target.required("expr").asText().contains("up{"), target.toString());
            }
        }
        for (String figure : List.of("Env steps per second", "Updates per second", "100-episode average return",
                "Push staleness (versions)", "Push latency", "Active workers", "Rejected requests per second, by reason")) {
            assertTrue(titles.contains(figure), "no panel '" + figure + "' in " + titles);
        }
    }

    @Test
    void theDockerfileTakesItsBaseImageAsAnArgumentAndRunsAsANumericUser() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("Dockerfile"));
        assertTrue(lines.contains("ARG BASE_IMAGE=eclipse-temurin:17-jre"), "a public JRE by default");
        assertEquals(2, lines.stream().filter(l -> l.startsWith("FROM ${BASE_IMAGE}")).count());
        assertTrue(lines.stream().anyMatch(l -> l.matches("USER \\d+(:\\d+)?")), "numeric: no useradd needed");
        assertTrue(lines.stream().anyMatch(l -> l.contains("OMP_NUM_THREADS=1")));
        assertTrue(Files.isExecutable(root.resolve("deploy/docker/a3c")) && Files.isExecutable(root.resolve("deploy/docker/a3c-healthcheck")));
    }
}
