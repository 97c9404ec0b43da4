package livechat.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end HTTP ({@code bench/run http}): acknowledged {@code POST .../messages} per second and latency through the
 * whole server, open loop, against (a) the command rate of the same aggregate and store configuration called in
 * process, and (b) a trivial WebFlux endpoint, both measured in this run. Each server runs in its own JVM from its
 * packaged jar; the load generator shares the machine's two cores with it.
 */
final class HttpBench {

    private static final int SENDERS = 16;
    private static final int CONVERSATIONS = 200;
    private static final Duration WARM_UP = Duration.ofSeconds(4);
    private static final Duration MEASURE = Duration.ofSeconds(6);
    /** The first offered load of the capacity search, in requests per second; each further step doubles it. */
    private static final double FIRST_STEP = 50;
    private static final Pattern METRIC_VALUE = Pattern.compile("\"value\"\\s*:\\s*\"?([0-9.Ee+-]+|NaN)");
    private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\"\\s*:\\s*\"([^\"]+)\"");

    private HttpBench() {
    }

    static void run(Path serverJar) throws Exception {
        double inProcess = inProcessCommandRate();
        Report report = new Report("End-to-end send (open loop, POST /api/conversations/{id}/messages)");
        report.row("in-process SendMessage rate (16 senders)", "%.0f /s".formatted(inProcess));
        double full = inProcess;
        double half = inProcess / 2;
        OpenLoad.Result[] trivial = measure(List.of("-cp", System.getProperty("java.class.path"),
                TrivialServer.class.getName()), full, half, false);
        OpenLoad.Result[] livechat = measure(List.of("-jar", serverJar.toString()), full, half, true);
        report.row("trivial WebFlux, offered = in-process rate", trivial[0].toString());
        report.row("trivial WebFlux, offered = half", trivial[1].toString());
        report.row("livechat, offered = in-process rate", livechat[0].toString());
        report.row("livechat, offered = half", livechat[1].toString());
        report.row("trivial WebFlux, offered = half its capacity", trivial[2].toString());
        report.row("livechat, offered = half its capacity", livechat[2].toString());
        report.ratio("livechat acknowledged / in-process rate", livechat[0].acknowledged() / inProcess, ">= 0.60");
        report.ratio("livechat acknowledged / trivial acknowledged",
                livechat[0].acknowledged() / trivial[0].acknowledged(), "(baseline)");
        report.ratio("livechat p99 / trivial p99 at half", livechat[1].p99() / trivial[1].p99(), "(baseline)");
        report.row("livechat p99 at half (target < 20 ms)", "%.2f ms".formatted(livechat[1].p99()));
        report.row("livechat p99 at half its own capacity", "%.2f ms".formatted(livechat[2].p99()));
        report.print();
    }

    /** Closed loop, {@link #SENDERS} threads, each over its own conversations, as {@link AppendBenchmark}. */
    private static double inProcessCommandRate() throws Exception {
        try (EventStoreFixture store = new EventStoreFixture()) {
            Configuration axon = store.production(10_000, false, true);
            CommandGateway gateway = axon.commandGateway();
            AtomicBoolean counting = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            for (int s = 0; s < SENDERS; s++) {
                senders.execute(() -> {
                    String[] conversations = new String[50];
                    for (int i = 0; i < conversations.length; i++) {
                        conversations[i] = UUID.randomUUID().toString();
                        gateway.sendAndWait(Messages.start(conversations[i]));
                    }
                    for (long n = 0; !stop.get(); n++) {
                        gateway.sendAndWait(Messages.message(conversations[(int) (n % conversations.length)], n));
                        if (counting.get()) {
                            sent.incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(WARM_UP.toMillis());
            counting.set(true);
            long start = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            double rate = sent.get() * 1e9 / (System.nanoTime() - start);
            stop.set(true);
            senders.shutdown();
            senders.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            axon.shutdown();
            return rate;
        }
    }

    /**
     * Starts a server JVM, warms it up, and answers its results at {@code full} and {@code half} offered load, and at
     * half of its own capacity: the highest load of a doubling series it still sustains.
     */
    private static OpenLoad.Result[] measure(List<String> launch, double full, double half, boolean livechat)
            throws Exception {
        Path data = Files.createTempDirectory("livechat-bench-http-");
        int port = freePort();
        Process server = startServer(launch, data, port);
        try {
            awaitHealthy(port);
            String[] conversations = livechat ? startConversations(port) : new String[]{"c"};
            // The trivial server reads no token; the real one verifies the visitor's on every send.
            try (OpenLoad load = new OpenLoad(port, livechat ? BenchAuth.visitor(port) : null)) {
                load.run(conversations, FIRST_STEP, WARM_UP);
                OpenLoad.Result sustained = null;
                for (double rate = FIRST_STEP; rate < full; rate *= 2) {
                    OpenLoad.Result step = settled(load.run(conversations, rate, MEASURE));
                    if (!step.sustained()) {
                        break;
                    }
                    sustained = step;
                }
                double capacity = sustained == null ? FIRST_STEP : sustained.offered();
                OpenLoad.Result atHalfCapacity = settled(load.run(conversations, capacity / 2, MEASURE));
                OpenLoad.Result atFull = settled(load.run(conversations, full, MEASURE));
                OpenLoad.Result atHalf = load.run(conversations, half, MEASURE);
                return new OpenLoad.Result[]{atFull, atHalf, atHalfCapacity};
            }
        } finally {
            stopServer(server);
        }
    }

    /** Lets a server drain what an overload left queued before the next load starts. */
    private static OpenLoad.Result settled(OpenLoad.Result result) throws InterruptedException {
        Thread.sleep(3_000);
        return result;
    }

    /** Starts a server JVM from {@code launch} on {@code port} with its data in {@code data}. */
    static Process startServer(List<String> launch, Path data, int port) throws IOException {
        return startServer(launch, data, port, 0);
    }

    /**
     * Starts a server JVM from {@code launch} on {@code port} with its data in {@code data} and its embedded MongoDB
     * on {@code mongoPort} (0: any free port). The server is killed when this JVM exits, should the caller not get
     * to stop it.
     */
    static Process startServer(List<String> launch, Path data, int port, int mongoPort) throws IOException {
        return startServer(launch, data, port, mongoPort, List.of());
    }

    /** As {@link #startServer(List, Path, int, int)}, with further {@code settings} ({@code --key=value}). */
    static Process startServer(List<String> launch, Path data, int port, int mongoPort, List<String> settings)
            throws IOException {
        // The JVM's default heap, as the README's command starts the server: the embedded MongoDB holds a query's
        // whole result in memory, and the catch-up baseline reads 400,000 documents at once, more than 1 GB holds.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        // e.g. BENCH_SERVER_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/server-%p.jfr to profile the servers
        String options = System.getenv("BENCH_SERVER_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            command.addAll(List.of(options.trim().split("\\s+")));
        }
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--livechat.data-dir=" + data,
                "--livechat.mongodb.embedded-port=" + mongoPort, "--logging.level.root=WARN"));
        command.addAll(BenchAuth.serverArguments());
        command.addAll(settings);
        BenchAuth.forget(port);
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
        return server;
    }

    /** Stops a server JVM: gracefully if it ends within 60 s, else killed. */
    static void stopServer(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }

    static void awaitHealthy(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The server is still starting.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server on port " + port + " did not become healthy");
    }

    static String[] startConversations(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String[] ids = new String[CONVERSATIONS];
        for (int i = 0; i < ids.length; i++) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/conversations"))
                    .header("Authorization", "Bearer " + BenchAuth.visitor(port))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"Where is my order?\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = CONVERSATION_ID.matcher(created.body());
            if (created.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("cannot start a conversation: " + created.body());
            }
            ids[i] = id.group(1);
        }
        return ids;
    }

    /**
     * The value of an Actuator metric, e.g. {@code jvm.memory.used?tag=area:heap}; NaN when the server reports none
     * (or NaN).
     */
    static double actuatorMetric(HttpClient http, int port, String metric) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/metrics/" + metric)).header("Authorization", "Bearer " + BenchAuth.staff(port))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = METRIC_VALUE.matcher(answer.body());
        return answer.statusCode() == 200 && value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
