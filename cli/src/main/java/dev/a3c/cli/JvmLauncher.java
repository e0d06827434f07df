package dev.a3c.cli;

import dev.a3c.network.PlainNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that start another {@code a3c} JVM with this JVM's class path, its memory limits, the JDK's
 * Vector API where the JDK has it, the JVM options of {@code A3C_JVM_OPTS} (which the launchers set, from
 * {@code deploy/docker/jvm-options.sh}: the collector and JIT inlining), and any options in the environment variable {@code A3C_CHILD_JAVA_OPTS}.
 */
final class JvmLauncher {

    private JvmLauncher() {}

    /** Heap and off-heap limits of a child JVM. */
    record Memory(String heap, String offHeap, String physical) {
        static final Memory SERVER = new Memory("512m", "512m", "1200m");
        static final Memory WORKER = new Memory("256m", "256m", "768m");

        List<String> options() {
            return List.of("-Xmx" + heap, "-Dorg.bytedeco.javacpp.maxbytes=" + offHeap,
                    "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + physical);
        }
    }

    static ProcessBuilder a3c(Memory memory, List<String> args) {
        return a3cWith(memory, List.of(), args);
    }

    /** @param jvmOptions options of a3c's own for this JVM (class-data sharing), before the user's */
    static ProcessBuilder a3cWith(Memory memory, List<String> jvmOptions, List<String> args) {
        return a3cWith(memory, jvmOptions, System.getenv("A3C_CHILD_JAVA_OPTS"), args);
    }

    static ProcessBuilder a3c(Memory memory, String extraJavaOptions, List<String> args) {
        return a3cWith(memory, List.of(), extraJavaOptions, args);
    }

    static ProcessBuilder a3cWith(Memory memory, List<String> jvmOptions, String extraJavaOptions, List<String> args) {
        return a3cWith(memory, jvmOptions, System.getenv("A3C_JVM_OPTS"), extraJavaOptions, args);
    }

    /** @param launcherOptions the launchers' JVM options ({@code A3C_JVM_OPTS}); null or blank: none */
    static ProcessBuilder a3cWith(Memory memory, List<String> jvmOptions, String launcherOptions, String extraJavaOptions,
                                  List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (PlainNetwork.vectorApiInstalled()) {
            command.addAll(List.of("--add-modules", PlainNetwork.VECTOR_MODULE));
        }
        command.addAll(memory.options());
        command.addAll(words(launcherOptions));
        command.addAll(jvmOptions);
        command.addAll(words(extraJavaOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(A3cCommand.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // ND4J runs one OpenMP thread per JVM: JVMs sharing cores otherwise slow each other down many times over.
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder;
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
