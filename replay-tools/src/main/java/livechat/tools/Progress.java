package livechat.tools;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr with count, rate and ETA: redrawn in place on a terminal; when stderr is not one (a pipe,
 * a log file, a test), one ASCII line a second, so the output stays readable.
 */
final class Progress {

    private Progress() {
    }

    static ProgressBar bar(String task, long total) {
        return bar(task, total, " events");
    }

    static ProgressBar bar(String task, long total, String unit) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(0, total))
                .setUnit(unit, 1).showSpeed().setUpdateIntervalMillis(1000);
        if (System.console() == null) {
            builder.setStyle(ProgressBarStyle.ASCII).setConsumer(new DelegatingProgressBarConsumer(System.err::println));
        }
        return builder.build();
    }
}
