package livechat.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a send costs the server at steady open-loop rates below its capacity: its CPU per acknowledged send (from its
 * own {@code process.cpu.time}), with p50 and p99. Where end-to-end HTTP asks how much the server takes, this asks what
 * each send costs it at a given load, which is what changes when fixed costs (per batch, per wake) are spread over
 * more events.
 */
final class SteadyBench {

    private static final Duration WARM_UP = Duration.ofSeconds(20);
    /** A server using less than this much of a core while no sends arrive is idle: compiled, caught up. */
    private static final double IDLE_CORES = 0.05;
    private static final Duration IDLE_PROBE = Duration.ofSeconds(2);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(120);
    private static final Duration STEP_WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(15);

    private SteadyBench() {
    }

    /** {@code bench/run steady [rate...]}. */
    static void run(Path serverJar, double[] rates) throws Exception {
        Path data = Files.createTempDirectory("livechat-bench-steady-");
        int port = HttpBench.freePort();
        Process server = HttpBench.startServer(List.of("-jar", serverJar.toString()), data, port);
        Report report = new Report("Steady open-loop sends: the server's CPU per send");
        try {
            HttpBench.awaitHealthy(port);
            String[] conversations = HttpBench.startConversations(port);
            HttpClient http = HttpClient.newHttpClient();
            try (OpenLoad load = new OpenLoad(port, BenchAuth.visitor(port))) {
                // Each rate once untimed: the JIT still compiles minutes into a run, and more when the load changes.
                for (double rate : rates) {
                    load.run(conversations, rate, WARM_UP);
                }
                for (double rate : rates) {
                    report.row("idle before %.0f sends/s".formatted(rate), settle(http, port));
                    load.run(conversations, rate, STEP_WARM_UP);
                    double cpuBefore = cpuSeconds(http, port);
                    OpenLoad.Result result = load.run(conversations, rate, MEASURE);
                    double cpuSeconds = cpuSeconds(http, port) - cpuBefore;
                    double sends = result.acknowledged() * MEASURE.toSeconds();
                    report.row("%.0f sends/s".formatted(rate), "%s  server CPU %.2f ms/send (%.2f cores)"
                            .formatted(result, cpuSeconds * 1_000 / sends, cpuSeconds / MEASURE.toSeconds()));
                }
            }
        } finally {
            HttpBench.stopServer(server);
        }
        report.print();
        ProjectionBench.delete(data);
    }

    /**
     * Waits until the server is idle with no sends arriving: compiled what it compiles and caught up with what it
     * projects: a minute after its start, the JIT compiler can still take most of the server's CPU at 50 sends/s, so
     * no fixed warm-up would do.
     */
    private static String settle(HttpClient http, int port) throws Exception {
        long start = System.nanoTime();
        double cores;
        do {
            double before = cpuSeconds(http, port);
            Thread.sleep(IDLE_PROBE.toMillis());
            cores = (cpuSeconds(http, port) - before) / IDLE_PROBE.toSeconds();
        } while (cores > IDLE_CORES && System.nanoTime() - start < SETTLE_LIMIT.toNanos());
        return "%.2f cores after %.0f s".formatted(cores, (System.nanoTime() - start) / 1e9);
    }

    /** The CPU time the server's process has used so far; Micrometer reports it in nanoseconds. */
    private static double cpuSeconds(HttpClient http, int port) throws Exception {
        return HttpBench.actuatorMetric(http, port, "process.cpu.time") / 1e9;
    }
}
