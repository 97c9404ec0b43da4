package livechat.bench;


import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 7.6: many concurrent NDJSON stream subscribers on conversations receiving messages. Each message carries the
 * time it was sent (this JVM's clock, which also receives it), so delivery latency is measured per subscriber and
 * message; the baseline is the same run with one subscriber per conversation. Server heap is read from Actuator.
 */
final class FanoutBench {

    private static final int MESSAGES_PER_SECOND = 20;
    private static final Duration MEASURE = Duration.ofSeconds(15);
    private static final Pattern SENT_AT = Pattern.compile("sent-at-(\\d+)");

    private FanoutBench() {
    }

    record Result(int subscribers, int connected, long deliveries, double p50, double p99, double heapMb) {
        @Override
        public String toString() {
            return "%d subscribers (%d connected): %d deliveries, p50 %.1f ms, p99 %.1f ms, heap %.0f MB"
                    .formatted(subscribers, connected, deliveries, p50, p99, heapMb);
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
            Result baseline = measure(port, conversations, conversations.length);
            report.row("baseline: one subscriber per conversation", baseline.toString());
            for (int size : sizes) {
                Result result = measure(port, conversations, size);
                report.row(size + " subscribers", result.toString());
                report.ratio(size + " subscribers: p99 / baseline p99", result.p99() / baseline.p99(),
                        "(p99 < 250 ms, heap < 1 GB)");
            }
            report.print();
        } finally {
            HttpBench.stopServer(server);
        }
    }

    private static Result measure(int port, String[] conversations, int subscribers) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        try (StreamSubscribers streams = new StreamSubscribers(port, conversations, subscribers, line -> {
            Matcher sent = SENT_AT.matcher(line);
            if (sent.find()) {
                latencies.add(System.nanoTime() - Long.parseLong(sent.group(1)));
            }
        })) {
            latencies.clear();
            double heap = send(port, conversations, subscribers);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(subscribers, streams.connected(), sorted.length, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), heap);
        }
    }

    /** Sends {@link #MESSAGES_PER_SECOND} for {@link #MEASURE}, waits for deliveries, answers the server's heap. */
    private static double send(int port, String[] conversations, int subscribers) throws Exception {
        java.net.http.HttpClient sender = java.net.http.HttpClient.newHttpClient();
        long interval = 1_000_000_000L / MESSAGES_PER_SECOND;
        long end = System.nanoTime() + MEASURE.toNanos();
        for (long n = 0; System.nanoTime() < end; n++) {
            String conversation = conversations[(int) (n % conversations.length)];
            sender.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/conversations/"
                                    + conversation + "/messages"))
                            .header("X-Actor", Messages.VISITOR.toString()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"fanout-" + subscribers
                                    + "-" + n + "\",\"text\":\"sent-at-" + System.nanoTime() + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(Math.max(0, interval / 1_000_000));
        }
        Thread.sleep(3_000);
        return heapMb(sender, port);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static double heapMb(java.net.http.HttpClient http, int port) throws Exception {
        return HttpBench.actuatorMetric(http, port, "jvm.memory.used?tag=area:heap") / (1024 * 1024);
    }
}
