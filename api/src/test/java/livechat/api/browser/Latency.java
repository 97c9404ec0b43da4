package livechat.api.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Delivery times of one path, in milliseconds, reported (never asserted) to target/browser/measurements.txt. */
final class Latency {

    private final String name;
    private final List<Double> samples = new ArrayList<>();

    Latency(String name) {
        this.name = name;
    }

    void add(double millis) {
        samples.add(millis);
    }

    /** The {@code p}-th percentile (nearest rank). */
    double percentile(double p) {
        List<Double> sorted = samples.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    String summary() {
        return String.format(Locale.ROOT, "%s: n=%d p50=%.0f ms p99=%.0f ms max=%.0f ms", name, samples.size(),
                percentile(50), percentile(99), percentile(100));
    }

    static void report(String line) {
        try {
            Files.createDirectories(Chromium.ARTIFACTS);
            Files.writeString(Chromium.ARTIFACTS.resolve("measurements.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(line);
    }
}
