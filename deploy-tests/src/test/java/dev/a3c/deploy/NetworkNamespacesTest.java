package dev.a3c.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture itself: two namespaces joined by a veth pair reach each other over TCP, a partition cuts them apart
 * and its heal joins them again, and closing leaves no namespace and no link behind.
 */
@Tag("integration")
class NetworkNamespacesTest {

    @Test
    void aLinkCarriesTcpAPartitionCutsItAndNothingIsLeftBehind(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "network namespaces: " + unavailable.orElse(""));
        NetworkNamespaces nets = new NetworkNamespaces();
        List<String> made = new java.util.ArrayList<>();
        Process listener = null;
        try {
            String a = nets.create("a");
            String b = nets.create("b");
            made.addAll(List.of(a, b));
            NetworkNamespaces.Link link = nets.link(a, b, "198.18.77");
            assertThrows(IllegalArgumentException.class, () -> nets.link(a, b, "10.0.0"));
            // a listener in b: the relay accepts connections (and closes them, with nothing behind it)
            Path log = dir.resolve("listener.log");
            listener = new ProcessBuilder(NetworkNamespaces.in(b, List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-cp",
                    Path.of(DelayRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator,
                    DelayRelay.class.getName(), link.b().address(), "7000", "127.0.0.1", "9", "0", "0", "1")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            for (int i = 0; i < 200 && !Files.readString(log).contains("relay listening"); i++) {
                Thread.sleep(50);
            }
            List<String> connect = NetworkNamespaces.in(a, List.of("timeout", "3", "bash", "-c",
                    "exec 3<>/dev/tcp/" + link.b().address() + "/7000"));
            assertEquals(0, NetworkNamespaces.run(connect).code(), "b is reachable from a");
            nets.partition(link.a(), NetworkNamespaces.Direction.BOTH);
            assertNotEquals(0, NetworkNamespaces.run(connect).code(), "not during a partition");
            nets.heal(link.a());
            assertEquals(0, NetworkNamespaces.run(connect).code(), "again after its heal");
        } finally {
            if (listener != null) {
                listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            nets.close();
        }
        List<String> left = NetworkNamespaces.leftovers();
        assertTrue(made.size() == 2 && made.stream().noneMatch(left::contains), left.toString());
        String links = NetworkNamespaces.run(List.of("ip", "-o", "link")).output();
        assertTrue(!links.contains("198.18.77") && !NetworkNamespaces.run(List.of("ip", "-o", "addr")).output()
                .contains("198.18.77."), links);
    }
}
