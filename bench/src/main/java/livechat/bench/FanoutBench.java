package livechat.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private static final Pattern HEAP = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)");

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
            server.destroy();
            server.waitFor();
        }
    }

    private static Result measure(Process server, int port, String[] conversations, int subscribers) throws Exception {
        ConnectionProvider connections = ConnectionProvider.builder("fanout").maxConnections(subscribers + 16)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("X-Actor", "supervisor:bench").set(HttpHeaderNames.ACCEPT,
                        "application/x-ndjson"));
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(subscribers);
        AtomicInteger connectedCount = new AtomicInteger();
        List<Disposable> streams = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            String conversation = conversations[i % conversations.length];
            AtomicInteger first = new AtomicInteger();
            streams.add(client.get().uri("/api/conversations/" + conversation + "/stream")
                    .responseContent().asString()
                    .flatMapIterable(chunk -> List.of(chunk.split("\n")))
                    .subscribe(line -> {
                        if (first.getAndIncrement() == 0) {
                            connectedCount.incrementAndGet();
                            connected.countDown();
                        }
                        Matcher sent = SENT_AT.matcher(line);
                        if (sent.find()) {
                            latencies.add(System.nanoTime() - Long.parseLong(sent.group(1)));
                        }
                    }, error -> { }));
        }
        connected.await(120, TimeUnit.SECONDS);
        latencies.clear();
        java.net.http.HttpClient sender = java.net.http.HttpClient.newHttpClient();
        long interval = 1_000_000_000L / MESSAGES_PER_SECOND;
        String run = Long.toString(System.nanoTime(), 36); // each run's messages are new, never idempotent resends
        long end = System.nanoTime() + MEASURE.toNanos();
        for (long n = 0; System.nanoTime() < end; n++) {
            String conversation = conversations[(int) (n % conversations.length)];
            sender.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/conversations/"
                                    + conversation + "/messages"))
                            .header("X-Actor", Messages.VISITOR.toString()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"fanout-" + run
                                    + "-" + n + "\",\"text\":\"sent-at-" + System.nanoTime() + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep(Math.max(0, interval / 1_000_000));
        }
        Thread.sleep(3_000);
        double heap = heapMb(sender, port);
        // What the subscribers really hold: the heap right after a full collection, with the streams still open.
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        double live = heapMb(sender, port);
        streams.forEach(Disposable::dispose);
        connections.dispose();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(subscribers, connectedCount.get(), sorted.length, percentile(sorted, 0.50),
                percentile(sorted, 0.99), heap, live);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static double heapMb(java.net.http.HttpClient http, int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/metrics/jvm.memory.used?tag=area:heap")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher value = HEAP.matcher(body);
        return value.find() ? Double.parseDouble(value.group(1)) / (1024 * 1024) : Double.NaN;
    }
}
