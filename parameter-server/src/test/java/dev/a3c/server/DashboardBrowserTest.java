package dev.a3c.server;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.Tensor;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.WorkerStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: a parameter server on loopback gets real gRPC traffic (workers
 * that register, push gradients with finished episodes, leave or expire), then headless Chromium
 * loads the page; its DOM must show the server's numbers and workers, and its screenshot the charts.
 * Skipped where Chromium is not installed.
 */
@Tag("integration")
class DashboardBrowserTest {

    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1000;
    private static final int CURVE_COLOUR = 0x1f6feb;
    private static final int STEPS_COLOUR = 0xe8590c;
    private static final int STALENESS_COLOUR = 0x0ca678;

    private final Tensor g = vector(gradient(PARAMETERS, 0.01f));

    @TempDir
    Path dir;

    /** Pushes from one worker: every third push pulls first, so the gradients are of varied staleness. */
    private final class Pusher {
        final int id;
        final ParameterServerGrpc.ParameterServerBlockingStub stub;
        long sequence;
        long base;

        Pusher(ParameterServerGrpc.ParameterServerBlockingStub stub, String host) {
            this.stub = stub;
            this.id = register(stub, host).getWorkerId();
        }

        void push(long envSteps, double... returns) {
            if (sequence % 3 == 0) {
                base = pull(stub, id, -1).getVersion();
            }
            sequence++;
            stub.pushGradients(pushRequest(id, sequence, base, g, envSteps, returns).build());
        }
    }

    @Test
    void showsTheServersNumbersWorkersAndCharts() throws Exception {
        Path chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null,
                "chromium is not on the PATH (Debian: apt-get install chromium): the dashboard is not tested in a browser");
        ServerOptions options = ServerOptions.builder(TestSupport.config(1_000_000, 475.0, false), dir.resolve("run")).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(2).lease(Duration.ofMinutes(10)).build();
        try (ParameterServer server = ParameterServer.start(options)) {
            Map<Integer, String> expectedStates = new HashMap<>();
            Map<Integer, String> hosts = new HashMap<>();
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS);
                Pusher gone = new Pusher(stub, "worker-expires");
                gone.push(20, 12.0);
                long goneAt = System.nanoTime();
                Pusher leaving = new Pusher(stub, "worker-leaves");
                leaving.push(20, 9.0);
                stub.deregister(DeregisterRequest.newBuilder().setWorkerId(leaving.id).setWorkerKey(TestSupport.keyBytes(leaving.id)).build());
                Pusher a = new Pusher(stub, "worker-a");
                Pusher b = new Pusher(stub, "worker-b");
                int[] episode = {0};
                // real traffic until the curve has enough episodes and the server sampled its counters a few times
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    for (Pusher p : List.of(a, b)) {
                        int k = episode[0]++;
                        // CartPole's return is its length: a whole number
                        p.push(40, Math.round(20 + 200 * (1 - Math.exp(-k / 80.0)) + 25 * Math.sin(k * 0.7)));
                    }
                    return episode[0] >= 160 && server.session().history().snapshot().progress().size() >= 4
                            && System.nanoTime() - goneAt > TimeUnit.MILLISECONDS.toNanos(2500);
                });
                a.push(40);
                b.push(40);
                assertEquals(List.of(gone.id), server.session().expireLeases(Duration.ofSeconds(2)));
                expectedStates.putAll(Map.of(a.id, "active", b.id, "active", leaving.id, "left", gone.id, "expired"));
                hosts.putAll(Map.of(a.id, "worker-a", b.id, "worker-b", leaving.id, "worker-leaves",
                        gone.id, "worker-expires"));
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            RunState status = server.session().status();
            String url = "http://127.0.0.1:" + server.httpPort() + "/";
            HeadlessChromium browser = HeadlessChromium.at(chromium, Files.createDirectories(dir.resolve("chromium")),
                    WIDTH, HEIGHT, Duration.ofSeconds(5), Duration.ofSeconds(60));

            Document dom = Jsoup.parse(browser.dumpDom(url));
            checkDom(dom, status, expectedStates, hosts);

            Path png = browser.screenshot(url, dir.resolve("dashboard.png"));
            Files.copy(png, Files.createDirectories(Path.of("target")).resolve("dashboard-browser-test.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            checkScreenshot(ImageIO.read(png.toFile()), dom);

            server.session().finish("step budget spent (test)");
            Document finished = Jsoup.parse(browser.dumpDom(url));
            assertEquals("finished", text(finished, "state"));
            Element banner = finished.getElementById("stop-reason");
            assertFalse(banner.hasAttr("hidden"), "the stop reason is shown");
            assertEquals("Stopped: step budget spent (test)", banner.text());
        }
    }

    private static void checkDom(Document dom, RunState status, Map<Integer, String> expectedStates,
                                 Map<Integer, String> hosts) {
        Element body = dom.body();
        assertFalse(body.hasAttr("data-error"), () -> "the page failed to load its data: " + body.attr("data-error"));
        assertTrue(Integer.parseInt(body.attr("data-polls")) >= 1, "the page polled the server");
        assertEquals("CartPole-v1", text(dom, "env"));
        assertEquals("training", text(dom, "state"));

        assertEquals(String.valueOf(status.envSteps()), value(dom, "h-env-steps"));
        assertEquals(grouped(status.envSteps()), text(dom, "h-env-steps"));
        assertEquals(String.valueOf(status.updates()), value(dom, "h-updates"));
        assertEquals(grouped(status.updates()), text(dom, "h-updates"));
        assertEquals(String.valueOf(status.episodes()), value(dom, "h-episodes"));
        assertEquals(grouped(status.episodes()), text(dom, "h-episodes"));
        assertEquals(toFixed1(status.avgReturn100()), text(dom, "h-avg100"));
        assertEquals(toFixed1(status.bestAvgReturn100()), text(dom, "h-best"));
        assertEquals("475.0", text(dom, "h-target"));
        assertEquals("–", text(dom, "h-eval"), "no evaluation in this run");
        assertEquals("none yet", text(dom, "h-eval-note"));
        assertEquals("2", text(dom, "h-workers"));
        assertEquals("of 4 registered", text(dom, "h-workers-known"));
        assertEquals(TestSupport.ENVS + " envs per worker", text(dom, "envs-per-worker"));
        assertTrue(text(dom, "h-elapsed").matches("0:0\\d:\\d\\d"), text(dom, "h-elapsed"));

        List<Element> rows = dom.select("#workers tbody tr");
        assertEquals(4, rows.size(), rows.toString());
        Map<Integer, String> states = new HashMap<>();
        for (Element row : rows) {
            int id = Integer.parseInt(row.attr("data-worker-id"));
            states.put(id, row.attr("data-state"));
            List<Element> cells = row.select("td");
            assertEquals(String.valueOf(id), cells.get(0).text());
            assertEquals(hosts.get(id), cells.get(1).text());
            assertEquals(String.valueOf(ProcessHandle.current().pid()), cells.get(2).text());
            assertEquals(expectedStates.get(id), cells.get(3).text());
            WorkerStatus worker = status.workers().stream().filter(w -> w.id() == id).findFirst()
                    .orElseThrow();
            assertEquals(String.valueOf(worker.pushes()), cells.get(4).attr("data-value"));
            assertEquals(String.valueOf(worker.envSteps()), cells.get(5).attr("data-value"));
            assertTrue(cells.get(6).text().endsWith(" ago"), cells.get(6).text());
            assertEquals(String.valueOf(worker.lastStaleness()), cells.get(7).text());
        }
        assertEquals(expectedStates, states);
        assertTrue(text(dom, "staleness-hint").startsWith("last "), text(dom, "staleness-hint"));
    }

    private static void checkScreenshot(BufferedImage image, Document dom) {
        assertNotNull(image, "the screenshot is a PNG");
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < HEIGHT; y += 2) {
            for (int x = 0; x < WIDTH; x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertTrue(colours.size() > 100, "a blank page has few colours: " + colours.size());
        assertTrue(pixelsNear(image, box(dom, "curve-box"), CURVE_COLOUR) > 300,
                "the 100-episode average is drawn in the curve's plot area");
        assertTrue(pixelsNear(image, box(dom, "throughput-box"), STEPS_COLOUR) > 100,
                "env steps per second are drawn in the throughput plot area");
        assertTrue(pixelsNear(image, box(dom, "staleness-box"), STALENESS_COLOUR) > 100,
                "the staleness histogram has bars");
        assertEquals(0, pixelsNear(image, box(dom, "throughput-box"), CURVE_COLOUR),
                "the curve's colour is the curve's alone");
    }

    /** The plot area the page reported for a chart: left, top, right, bottom in CSS pixels. */
    private static int[] box(Document dom, String id) {
        String plot = dom.getElementById(id).attr("data-plot");
        int[] box = Arrays.stream(plot.split(",")).mapToInt(Integer::parseInt).toArray();
        assertEquals(4, box.length, plot);
        assertTrue(box[0] >= 0 && box[1] >= 0 && box[2] <= WIDTH && box[3] <= HEIGHT,
                id + " lies in the window: " + plot);
        assertTrue(box[2] - box[0] > 200 && box[3] - box[1] > 100, id + " is a real chart: " + plot);
        return box;
    }

    private static int pixelsNear(BufferedImage image, int[] box, int rgb) {
        int count = 0;
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                int p = image.getRGB(x, y);
                int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
                int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
                int db = (p & 0xff) - (rgb & 0xff);
                if (dr * dr + dg * dg + db * db < 30 * 30) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String text(Document dom, String id) {
        Element element = dom.getElementById(id);
        assertNotNull(element, "#" + id);
        return element.text();
    }

    private static String value(Document dom, String id) {
        return dom.getElementById(id).attr("data-value");
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * JavaScript's {@code x.toFixed(1)}: the double's exact decimal value rounded half up (210.85 is
     * 210.8499... in binary, so 210.8), where {@code String.format} rounds its shortest decimal form (210.9).
     */
    private static String toFixed1(double x) {
        return new java.math.BigDecimal(x).setScale(1, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
