package livechat.query.metrics;

import java.util.List;

/**
 * A distribution of durations in milliseconds. The median of an even count is the mean of the two middle values;
 * {@code p90} is the nearest-rank 90th percentile (the smallest sample with at least 90% of the samples at or
 * below it). Null when there are no samples.
 */
public record Stats(int count, Long total, Double mean, Double median, Long p90) {

    static final Stats NONE = new Stats(0, null, null, null, null);

    static Stats of(List<Long> samples) {
        if (samples.isEmpty()) {
            return NONE;
        }
        List<Long> sorted = samples.stream().sorted().toList();
        int n = sorted.size();
        long total = sorted.stream().mapToLong(Long::longValue).sum();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        long p90 = sorted.get((int) Math.ceil(0.9 * n) - 1);
        return new Stats(n, total, (double) total / n, median, p90);
    }
}
