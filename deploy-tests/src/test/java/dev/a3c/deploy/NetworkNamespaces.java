package dev.a3c.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hosts on one machine for a test: network namespaces joined by veth pairs (iproute2), with a bandwidth cap (tc tbf),
 * random loss and partitions (nftables) on a link. Needs root. Addresses come from 198.18.0.0/15, the range set aside
 * for benchmarking networks (RFC 2544), and live only inside the namespaces this class makes and on the veth ends it
 * leaves in the test's own namespace. {@link #close()} kills every process left in them and removes them, and with
 * them their links, qdiscs and rules, also when the test failed.
 */
public final class NetworkNamespaces implements AutoCloseable {

    /** Every namespace this class makes starts with this, so that a cleanup can find leftovers. */
    public static final String PREFIX = "a3ct-";

    private static final AtomicInteger LINKS = new AtomicInteger();

    /** One end of a veth pair: its namespace (null: the test's own), interface and address. */
    public record End(String namespace, String device, String address) {}

    /** A veth pair. */
    public record Link(End a, End b) {}

    private final String tag = Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(
            LINKS.incrementAndGet(), 36);
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> rootDevices = new ArrayList<>();

    /** Why namespaces cannot be made here, or empty when they can (tried by making and removing one). */
    public static Optional<String> unavailable() {
        for (String tool : List.of("ip", "tc", "nft")) {
            if (Executables.find(tool).isEmpty()) {
                return Optional.of("no " + tool + " on the PATH (Debian's iproute2 and nftables; .ci/run installs them)");
            }
        }
        String probe = PREFIX + "probe-" + ProcessHandle.current().pid();
        try {
            Result made = run(List.of("ip", "netns", "add", probe));
            if (made.code() != 0) {
                return Optional.of("cannot make a network namespace (needs root): " + made.output().strip());
            }
            run(List.of("ip", "netns", "del", probe));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run ip: " + e.getMessage());
        }
    }

    /** Makes a namespace with its loopback up; its name is {@code PREFIX + tag + "-" + role}. */
    public String create(String role) throws IOException {
        String name = PREFIX + tag + "-" + role;
        check(List.of("ip", "netns", "add", name));
        namespaces.add(name);
        check(List.of("ip", "-n", name, "link", "set", "lo", "up"));
        return name;
    }

    /**
     * Joins {@code a} and {@code b} (null: the test's own namespace) with a veth pair on the /24 {@code subnet}
     * ("198.18.3"): {@code a} gets .1, {@code b} .2; both ends up.
     */
    public Link link(String a, String b, String subnet) throws IOException {
        if (!subnet.startsWith("198.18.") && !subnet.startsWith("198.19.")) {
            throw new IllegalArgumentException("test links use 198.18.0.0/15 only, not " + subnet);
        }
        int n = LINKS.incrementAndGet();
        String devA = "va" + tag + n;
        String devB = "vb" + tag + n;
        check(List.of("ip", "link", "add", devA, "type", "veth", "peer", "name", devB));
        rootDevices.add(devA);
        rootDevices.add(devB);
        End endA = place(a, devA, subnet + ".1");
        End endB = place(b, devB, subnet + ".2");
        return new Link(endA, endB);
    }

    private End place(String namespace, String device, String address) throws IOException {
        if (namespace != null) {
            check(List.of("ip", "link", "set", device, "netns", namespace));
            rootDevices.remove(device);
        }
        check(ip(namespace, "addr", "add", address + "/24", "dev", device));
        check(ip(namespace, "link", "set", device, "up"));
        return new End(namespace, device, address);
    }

    /** Caps what leaves {@code end} at {@code rate} (tc's units: "20mbit") with a token bucket. */
    public void capBandwidth(End end, String rate) throws IOException {
        check(in(end.namespace(), List.of("tc", "qdisc", "add", "dev", end.device(), "root", "tbf", "rate", rate,
                "burst", "64kb", "latency", "200ms")));
    }

    /** Drops {@code percent}% of the packets that enter or leave {@code end}, at random. */
    public void loss(End end, int percent) throws IOException {
        nft(end.namespace(), "table inet a3c_loss {\n"
                + " chain in { type filter hook input priority 0; iifname \"" + end.device() + "\" numgen random mod 100 < "
                + percent + " drop; }\n"
                + " chain out { type filter hook output priority 0; oifname \"" + end.device()
                + "\" numgen random mod 100 < " + percent + " drop; }\n}\n");
    }

    /** Which way a partition drops packets at {@code end}. */
    public enum Direction { INBOUND, BOTH }

    /** Cuts {@code end} off: every packet in that direction is dropped until {@link #heal}. */
    public void partition(End end, Direction direction) throws IOException {
        String in = " chain in { type filter hook input priority -10; iifname \"" + end.device() + "\" drop; }\n";
        String out = direction == Direction.BOTH
                ? " chain out { type filter hook output priority -10; oifname \"" + end.device() + "\" drop; }\n" : "";
        nft(end.namespace(), "table inet a3c_cut {\n" + in + out + "}\n");
    }

    /** Ends a partition of {@code end}. */
    public void heal(End end) throws IOException {
        check(in(end.namespace(), List.of("nft", "delete", "table", "inet", "a3c_cut")));
    }

    private void nft(String namespace, String ruleset) throws IOException {
        Path file = Files.createTempFile("a3c-nft", ".conf");
        try {
            Files.writeString(file, ruleset);
            check(in(namespace, List.of("nft", "-f", file.toString())));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {@code command} run inside {@code namespace} (null: here). */
    public static List<String> in(String namespace, List<String> command) {
        if (namespace == null) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    private static List<String> ip(String namespace, String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of(args));
        return command;
    }

    /** The names of the namespaces this machine has that start with {@link #PREFIX}. */
    public static List<String> leftovers() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : run(List.of("ip", "netns", "list")).output().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (name.startsWith(PREFIX)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Kills what runs in the namespaces, removes them (their devices go with them) and the veth ends left here. */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String namespace : namespaces) {
            for (String pid : run(List.of("ip", "netns", "pids", namespace)).output().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        for (String namespace : namespaces) {
            Result removed = run(List.of("ip", "netns", "del", namespace));
            if (removed.code() != 0) {
                problems.add(namespace + ": " + removed.output().strip());
            }
        }
        for (String device : rootDevices) {
            // a veth whose peer went with a namespace is gone already
            run(List.of("ip", "link", "del", device));
        }
        namespaces.clear();
        rootDevices.clear();
        if (!problems.isEmpty()) {
            throw new IOException("could not remove " + problems);
        }
    }

    /** What a command printed (stdout and stderr) and its exit code. */
    public record Result(int code, String output) {}

    /** Runs {@code command} to its end (at most 30 s). */
    public static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException(String.join(" ", command) + " did not end within 30 s");
            }
            return new Result(process.exitValue(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void check(List<String> command) throws IOException {
        Result result = run(command);
        if (result.code() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.code() + "): " + result.output().strip());
        }
    }
}
