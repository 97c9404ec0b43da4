package livechat.bench;


import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live fan-out ({@code bench/run fanout}): many concurrent NDJSON stream subscribers on conversations receiving
 * messages. Each message carries the time it was sent (this JVM's clock, which also receives it), so delivery latency
 * is measured per subscriber and message; the baseline is the same run with one subscriber per conversation. Server
 * heap is read from Actuator.
 */
final class FanoutBench {

    private static final int MESSAGES_PER_SECOND = 20;
    private static final Duration MEASURE = Duration.ofSeconds(15);
    private static final Pattern SENT_AT = Pattern.compile("sent-at-(\\d+)");

    private FanoutBench() {
    }

    record Result(int subscribers, int connected, long deliveries, double p50, double p99, double heapMb,
                  double liveHeapMb) {
        @Override
        public String toString() {
            return "%d subscribers (%d connected): %d deliveries, p50 %.1f ms, p99 %.1f ms, heap used %.0f MB, live after GC %.0f MB"
                    .formatted(subscribers, connected, deliveries, p50, p99, heapMb, liveHeapMb);
        }
    }

    static void run(Path serverJar, int[] sizes) throws Exception {
        Path data = Files.createTempDirectory("livechat-bench-fanout-");
        int port = HttpBench.freePort();
        Process server = HttpBench.startServer(List.of("-jar", serverJar.toString()), data, port);
        try {
            HttpBench.awaitHealthy(port);
            String[] conversations = HttpBench.startConversations(port);
            Report report = new Report("SSE/NDJSON fan-out (" + MESSAGES_PER_SECOND + " messages/s over "
                    + conversations.length + " conversations, each carrying its send time)");
            measure(server, port, conversations, conversations.length); // warm-up: JIT and connection pools, discarded
            Result baseline = measure(server, port, conversations, conversations.length);
            System.out.println("baseline: " + baseline);
            report.row("baseline: one subscriber per conversation", baseline.toString());
            for (int size : sizes) {
                Result result = measure(server, port, conversations, size);
                System.out.println(result);
                report.row(size + " subscribers", result.toString());
                report.ratio(size + " subscribers: p99 / baseline p99", result.p99() / baseline.p99(),
                        "(p99 < 250 ms, heap < 1 GB)");
            }
            report.print();
        } finally {
            HttpBench.stopServer(server);
        }
    }

    private static Result measure(Process server, int port, String[] conversations, int subscribers) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        try (StreamSubscribers streams = new StreamSubscribers(port, conversations, subscribers, line -> {
            Matcher sent = SENT_AT.matcher(line);
            if (sent.find()) {
                latencies.add(System.nanoTime() - Long.parseLong(sent.group(1)));
            }
        })) {
            latencies.clear();
            send(port, conversations);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            double heap = heapMb(http, port);
            // What the subscribers really hold: the heap right after a full collection, with the streams still open.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(server.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
            double live = heapMb(http, port);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(subscribers, streams.connected(), sorted.length, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), heap, live);
        }
    }

    /** Sends {@link #MESSAGES_PER_SECOND} for {@link #MEASURE}, then waits for the last deliveries. */
    private static void send(int port, String[] conversations) throws Exception {
        java.net.http.HttpClient sender = java.net.http.HttpClient.newHttpClient();
        long interval = 1_000_000_000L / MESSAGES_PER_SECOND;
        String run = Long.toString(System.nanoTime(), 36); // each run's messages are new, never idempotent resends
        long end = System.nanoTime() + MEASURE.toNanos();
        for (long n = 0; System.nanoTime() < end; n++) {
            String conversation = conversations[(int) (n % conversations.length)];
            sender.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/conversations/"
                                    + conversation + "/messages"))
                            .header("Authorization", "Bearer " + BenchAuth.visitor(port))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"fanout-" + run
                                    + "-" + n + "\",\"text\":\"sent-at-" + System.nanoTime() + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(Math.max(0, interval / 1_000_000));
        }
        Thread.sleep(3_000);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static double heapMb(java.net.http.HttpClient http, int port) throws Exception {
        return HttpBench.actuatorMetric(http, port, "jvm.memory.used?tag=area:heap") / (1024 * 1024);
    }
}
