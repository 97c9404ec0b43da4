package livechat.bench;

import java.util.ArrayList;
import java.util.List;

/** A figure's absolute numbers and its ratios to the baselines of the same run, printed as one block. */
final class Report {

    private final String title;
    private final List<String> lines = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    Report row(String name, String value) {
        lines.add("  %-48s %s".formatted(name, value));
        return this;
    }

    Report ratio(String name, double ratio, String target) {
        lines.add("  %-48s %.3f   (target %s)".formatted(name, ratio, target));
        return this;
    }

    void print() {
        System.out.println();
        System.out.println("== " + title);
        lines.forEach(System.out::println);
        System.out.flush();
    }
}
