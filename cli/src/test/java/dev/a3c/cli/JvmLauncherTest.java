package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link JvmLauncher}: child JVMs get bounded memory, one OpenMP thread, and this JVM's class path. */
class JvmLauncherTest {

    @Test
    void commandLinesCarryMemoryLimitsClassPathAndMainClass() {
        ProcessBuilder builder = JvmLauncher.a3c(JvmLauncher.Memory.WORKER, List.of("worker", "--server", "127.0.0.1:1"));
        List<String> command = builder.command();
        assertTrue(command.get(0).endsWith("/bin/java"), command.get(0));
        assertTrue(command.contains("-Xmx256m"), command.toString());
        assertTrue(command.contains("-Dorg.bytedeco.javacpp.maxbytes=256m"), command.toString());
        assertTrue(command.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=768m"), command.toString());
        int cp = command.indexOf("-cp");
        assertTrue(cp > 0);
        assertEquals(System.getProperty("java.class.path"), command.get(cp + 1));
        assertEquals(A3cCommand.class.getName(), command.get(cp + 2));
        assertEquals(List.of("worker", "--server", "127.0.0.1:1"), command.subList(cp + 3, command.size()));
        assertEquals("1", builder.environment().get("OMP_NUM_THREADS"));

        List<String> server = JvmLauncher.a3c(JvmLauncher.Memory.SERVER, List.of()).command();
        assertTrue(server.contains("-Xmx512m") && server.contains("-Dorg.bytedeco.javacpp.maxbytes=512m")
                && server.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=1200m"), server.toString());
    }

    @Test
    void extraJavaOptionsGoBeforeTheMainClass() {
        List<String> command = JvmLauncher.a3c(JvmLauncher.Memory.WORKER, "  -XX:TieredStopAtLevel=1   -Dx=y ",
                List.of("worker")).command();
        int main = command.indexOf(A3cCommand.class.getName());
        int tiered = command.indexOf("-XX:TieredStopAtLevel=1");
        assertTrue(tiered > 0 && tiered < main, command.toString());
        assertTrue(command.indexOf("-Dx=y") > tiered && command.indexOf("-Dx=y") < main, command.toString());
        assertEquals(command, JvmLauncher.a3c(JvmLauncher.Memory.WORKER, "-XX:TieredStopAtLevel=1 -Dx=y",
                List.of("worker")).command());
        assertEquals(JvmLauncher.a3c(JvmLauncher.Memory.WORKER, "", List.of("worker")).command(),
                JvmLauncher.a3c(JvmLauncher.Memory.WORKER, null, List.of("worker")).command());
    }

    @Test
    void theLaunchersJvmOptionsComeBeforeTheUsersSoThatTheUsersWin() {
        List<String> command = JvmLauncher.a3cWith(JvmLauncher.Memory.WORKER, List.of("-Xshare:auto"),
                " -XX:InlineSmallCode=1000  -XX:+UseCountedLoopSafepoints", "-XX:InlineSmallCode=2000",
                List.of("worker")).command();
        int jit = command.indexOf("-XX:InlineSmallCode=1000");
        int counted = command.indexOf("-XX:+UseCountedLoopSafepoints");
        int own = command.indexOf("-Xshare:auto");
        int users = command.indexOf("-XX:InlineSmallCode=2000");
        assertTrue(command.indexOf("-Xmx256m") < jit && jit < counted && counted < own && own < users
                && users < command.indexOf(A3cCommand.class.getName()), command.toString());
        assertEquals(JvmLauncher.a3cWith(JvmLauncher.Memory.WORKER, List.of(), null, null, List.of("worker")).command(),
                JvmLauncher.a3cWith(JvmLauncher.Memory.WORKER, List.of(), " ", "", List.of("worker")).command());
    }

    @Test
    void aChildJvmStartsFromThisClassPath() throws IOException, InterruptedException {
        ProcessBuilder builder = JvmLauncher.a3c(JvmLauncher.Memory.WORKER, List.of("--version"));
        // the plain-Java network's SIMD kernels: the child gets the Vector API (its JVM then warns on stderr)
        assertEquals(dev.a3c.network.PlainNetwork.vectorApiInstalled(), builder.command().contains("jdk.incubator.vector"),
                builder.command().toString());
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(process.waitFor(45, TimeUnit.SECONDS), "the child JVM did not exit");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.startsWith("a3c "), output);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
