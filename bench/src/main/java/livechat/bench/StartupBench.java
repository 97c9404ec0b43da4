package livechat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run startup [events...]}: how long a server takes to start again after a clean stop, on logs of each
 * size: from the JVM's launch to HTTP ready ({@code /actuator/health} answers 200), and to routing live (a
 * conversation started at that moment is assigned). Each log is generated, projected and routed to its head by a
 * first server, which is then stopped; the second start is the one measured. The first size is the baseline.
 */
final class StartupBench {

    private static final long SEED = 11;
    private static final String PROBE = "startup-probe";
    private static final Pattern CONVERSATION_ID = Pattern.compile("\"conversationId\"\\s*:\\s*\"([^\"]+)\"");

    private StartupBench() {
    }

    record Start(double httpReadySeconds, double routingLiveSeconds) {
    }

    static void run(Path serverJar, List<Long> sizes) throws Exception {
        Report report = new Report("Start-up after a clean stop: JVM launch to HTTP ready and to routing live");
        Start baseline = null;
        long baselineEvents = 0;
        for (long events : sizes) {
            Path data = Files.createTempDirectory("livechat-bench-startup-");
            try {
                GeneratedLog.Summary log = events > 0 ? GeneratedLog.write(data, events, SEED) : null;
                try (ProjectionBench.Server first = new ProjectionBench.Server(serverJar, data)) {
                    if (log != null) {
                        first.catchUp(log);
                    }
                    probeAgent(first.port());
                }
                Start start = measure(serverJar, data);
                long written = log == null ? 0 : log.events();
                report.row("%,d events".formatted(written),
                        "HTTP ready %.1f s, routing live %.1f s".formatted(start.httpReadySeconds(),
                                start.routingLiveSeconds()));
                if (baseline == null) {
                    baseline = start;
                    baselineEvents = written;
                } else {
                    report.ratio("%,d events / %,d: routing live".formatted(written, baselineEvents),
                            start.routingLiveSeconds() / baseline.routingLiveSeconds(), "<= 1.5");
                    report.ratio("%,d events / %,d: HTTP ready".formatted(written, baselineEvents),
                            start.httpReadySeconds() / baseline.httpReadySeconds(), "(baseline)");
                }
            } finally {
                ProjectionBench.delete(data);
            }
        }
        report.print();
    }

    /** An agent who takes only the probe's conversations, online, with room to spare. */
    private static void probeAgent(int port) throws Exception {
        String staff = BenchAuth.staff(port);
        send(port, "POST", "/api/agents", staff, "{\"agentId\":\"" + PROBE + "\",\"name\":\"Probe\",\"skills\":[\""
                + PROBE + "\"],\"capacity\":50}", 201);
        send(port, "PUT", "/api/agents/" + PROBE + "/status", staff, "{\"status\":\"ONLINE\"}", 200);
    }

    private static Start measure(Path serverJar, Path data) throws Exception {
        int port = HttpBench.freePort();
        long launched = System.nanoTime();
        Process server = HttpBench.startServer(List.of("-jar", serverJar.toString()), data, port,
                HttpBench.freePort());
        try {
            HttpBench.awaitHealthy(port);
            double ready = (System.nanoTime() - launched) / 1e9;
            String visitor = BenchAuth.visitor(port);
            Matcher id = CONVERSATION_ID.matcher(send(port, "POST", "/api/conversations", visitor,
                    "{\"topic\":\"Are you routing yet?\",\"skill\":\"" + PROBE + "\"}", 201));
            if (!id.find()) {
                throw new IllegalStateException("no conversation id in the answer");
            }
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (answer(port, "GET", "/api/conversations/" + id.group(1), visitor, null).body()
                        .contains("\"assignedAgentId\":\"" + PROBE + "\"")) {
                    return new Start(ready, (System.nanoTime() - launched) / 1e9);
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the probe's conversation was not routed within 10 minutes");
        } finally {
            HttpBench.stopServer(server);
        }
    }

    private static String send(int port, String method, String path, String bearer, String body, int expected)
            throws Exception {
        HttpResponse<String> answer = answer(port, method, path, bearer, body);
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private static HttpResponse<String> answer(int port, String method, String path, String bearer, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
