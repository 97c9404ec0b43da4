package livechat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's own timing of its live streams at one moment: the histogram of {@code livechat.live.delay} per stage
 * ({@code read} from the log, {@code projected}, {@code published} to its subscribers) as its Prometheus endpoint
 * gives it, cumulative counts by bucket bound. Two snapshots bracket a load, and the difference says where on the
 * server a delivery's time went; the stream's own line then adds the HTTP response and this JVM.
 */
record LiveDelays(Map<String, TreeMap<Double, Double>> buckets) {

    static final List<String> STAGES = List.of("read", "projected", "published");
    private static final Pattern BUCKET = Pattern.compile(
            "^livechat_live_delay_seconds_bucket\\{[^}]*?le=\"([^\"]+)\"[^}]*\\} (\\S+)$", Pattern.MULTILINE);
    private static final Pattern STAGE = Pattern.compile("stage=\"([^\"]+)\"");

    static LiveDelays of(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/prometheus")).header("Authorization", "Bearer " + BenchAuth.staff(port)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the server at " + port + " answered " + answer.statusCode()
                    + " for its metrics");
        }
        Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
        Matcher bucket = BUCKET.matcher(answer.body());
        while (bucket.find()) {
            Matcher stage = STAGE.matcher(bucket.group());
            if (stage.find()) {
                double bound = bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(bucket.group(1));
                buckets.computeIfAbsent(stage.group(1), s -> new TreeMap<>())
                        .put(bound, Double.parseDouble(bucket.group(2)));
            }
        }
        return new LiveDelays(buckets);
    }

    /**
     * The bound, in ms, of the bucket that holds the {@code quantile} of what {@code stage} timed since {@code
     * earlier}: the true value lies between it and the bucket below. NaN when nothing was timed.
     */
    double quantileMillis(String stage, LiveDelays earlier, double quantile) {
        TreeMap<Double, Double> now = buckets.getOrDefault(stage, new TreeMap<>());
        TreeMap<Double, Double> before = earlier.buckets.getOrDefault(stage, new TreeMap<>());
        double total = now.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bound : now.entrySet()) {
            if (bound.getValue() - before.getOrDefault(bound.getKey(), 0.0) >= quantile * total) {
                return bound.getKey() * 1_000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
