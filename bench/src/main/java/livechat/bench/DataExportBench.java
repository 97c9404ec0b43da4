package livechat.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subject access export ({@code bench/run data-export [messages]}): one visitor's conversation of
 * {@code messages} messages (10,000 by default) sent through the server, then the time of
 * {@code GET /api/visitors/{visitorId}/data-export} against the baseline of the same run, the transcript export of the
 * same conversation ({@code GET .../transcript/export}), each the median of five, alternating.
 */
final class DataExportBench {

    private static final int ROUNDS = 5;
    private static final int IN_FLIGHT = 16;
    private static final Pattern FIELD = Pattern.compile("\"(visitorId|accessToken|conversationId|messageCount)\""
            + "\\s*:\\s*\"?([^\",}]+)");

    private DataExportBench() {
    }

    static void run(Path serverJar, int messages) throws Exception {
        Path data = Files.createTempDirectory("livechat-bench-export-");
        int port = HttpBench.freePort();
        Process server = HttpBench.startServer(List.of("-jar", serverJar.toString()), data, port);
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpBench.awaitHealthy(port);
            String session = send(http, request(port, "/api/visitor-sessions", null)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).body();
            String visitorId = field(session, "visitorId");
            String visitor = field(session, "accessToken");
            String conversation = field(send(http, request(port, "/api/conversations", visitor)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"Where is my order?\"}"))).body(),
                    "conversationId");
            long sendStart = System.nanoTime();
            sendMessages(http, port, visitor, conversation, messages);
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            String staff = BenchAuth.staff(port);
            while (Long.parseLong(field(send(http, request(port, "/api/conversations/" + conversation, staff)
                    .GET()).body(), "messageCount")) < messages) {
                Thread.sleep(500);
            }

            double[] transcript = new double[ROUNDS];
            double[] export = new double[ROUNDS];
            long exportBytes = 0;
            for (int round = 0; round < ROUNDS; round++) {
                transcript[round] = seconds(http, request(port, "/api/conversations/" + conversation
                        + "/transcript/export?format=json", staff).GET());
                long start = System.nanoTime();
                exportBytes = send(http, request(port, "/api/visitors/" + visitorId + "/data-export", staff).GET(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
                export[round] = (System.nanoTime() - start) / 1e9;
            }
            double baseline = median(transcript);
            double measured = median(export);
            Report report = new Report("Subject access export (one visitor, %,d messages)".formatted(messages));
            report.row("messages sent", "%,d in %.1f s".formatted(messages, sendSeconds));
            report.row("transcript export (baseline, median of " + ROUNDS + ")", "%.2f s".formatted(baseline));
            report.row("data export (median of " + ROUNDS + ")", "%.2f s, zip %,d bytes".formatted(measured,
                    exportBytes));
            report.ratio("data export / transcript export", measured / baseline, "(baseline)");
            report.row("data export (target < 10 s)", "%.2f s".formatted(measured));
            report.print();
        } finally {
            HttpBench.stopServer(server);
        }
    }

    /** {@code count} messages, {@link #IN_FLIGHT} at a time; every one must be acknowledged. */
    private static void sendMessages(HttpClient http, int port, String visitor, String conversation, int count)
            throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            sent.add(http.sendAsync(request(port, "/api/conversations/" + conversation + "/messages", visitor)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"clientMessageId\":\"m-" + i + "\",\"text\":\""
                            + Messages.TEXT + " " + i + "\"}")).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((answer, failure) -> slots.release()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            if (answer.get().statusCode() != 201) {
                throw new IllegalStateException("a message was refused: " + answer.get().body());
            }
        }
    }

    private static HttpRequest.Builder request(int port, String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return send(http, request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> send(HttpClient http, HttpRequest.Builder request,
                                            HttpResponse.BodyHandler<T> body) throws Exception {
        HttpResponse<T> answer = http.send(request.build(), body);
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(request.build().uri() + " answered " + answer.statusCode());
        }
        return answer;
    }

    private static double seconds(HttpClient http, HttpRequest.Builder request) throws Exception {
        long start = System.nanoTime();
        send(http, request, HttpResponse.BodyHandlers.discarding());
        return (System.nanoTime() - start) / 1e9;
    }

    private static String field(String json, String name) {
        Matcher field = FIELD.matcher(json);
        while (field.find()) {
            if (field.group(1).equals(name)) {
                return field.group(2).trim();
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
