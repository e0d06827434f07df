package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listShowsEveryEnvironmentWithItsSpaces() {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("env", "list");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().lines().anyMatch(l -> l.startsWith("CartPole-v1") && l.contains("[4]")
                && l.contains("Discrete(2)") && l.contains("500") && l.contains("475")), outcome.out());
        assertTrue(outcome.out().lines().anyMatch(l -> l.startsWith("gymnasium:ID")), "and the bridge's ids: " + outcome.out());
    }

    @Test
    void rolloutPrintsOneTransitionPerLineAndResetsAfterEpisodes() throws Exception {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("env", "rollout", "--env", "CartPole-v1", "--seed", "4",
                "--steps", "200");
        assertEquals(0, outcome.exitCode(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals(200, lines.size());
        JsonNode previous = null;
        int ends = 0;
        for (String line : lines) {
            JsonNode t = JSON.readTree(line);
            for (String key : List.of("obs", "action", "reward", "next_obs", "terminated", "truncated")) {
                assertTrue(t.has(key), key + " in " + line);
            }
            assertEquals(4, t.get("obs").size());
            assertTrue(t.get("action").isInt());
            if (previous != null && !previous.get("terminated").asBoolean() && !previous.get("truncated").asBoolean()) {
                assertEquals(previous.get("next_obs"), t.get("obs"));
            }
            ends += t.get("terminated").asBoolean() ? 1 : 0;
            previous = t;
        }
        assertTrue(ends >= 3, "random CartPole episodes are short: " + ends);
        assertEquals(outcome.out(), A3cCommandTest.run("env", "rollout", "--env", "CartPole-v1", "--seed", "4",
                "--steps", "200").out(), "seeded");
    }

    @Test
    void randomBaselinePrintsItsStatistics() throws Exception {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("env", "random", "--env", "CartPole-v1", "--episodes", "300",
                "--seed", "1");
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode result = JSON.readTree(outcome.out());
        assertEquals(300, result.get("episodes").asInt());
        assertEquals(22.3, result.get("mean_return").asDouble(), 3.0);
        assertTrue(result.get("stderr_return").asDouble() > 0);
        assertEquals(result.get("mean_return").asDouble(), result.get("mean_length").asDouble(), 1e-9);
    }

    @Test
    void badInputIsOneLine() {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("env", "random", "--env", "Nope-v0");
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("a3c: unknown environment 'Nope-v0'"), outcome.err());
        assertEquals(2, A3cCommandTest.run("env", "random", "--env", "CartPole-v1", "--episodes", "0").exitCode());
        assertEquals(2, A3cCommandTest.run("env", "rollout", "--env", "CartPole-v1", "--steps", "-1").exitCode());
    }
}
