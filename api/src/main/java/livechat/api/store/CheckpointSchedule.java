package livechat.api.store;

import livechat.events.audit.Checkpoint;
import livechat.eventstore.audit.Checkpointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes a checkpoint every interval when any stream's head moved, and on demand; has each one time-stamped when an
 * authority is configured. A failure is logged once when it starts and once when checkpoints succeed again.
 */
public final class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final Checkpointer checkpointer;
    private final Duration interval;
    private final Optional<TimestampAuthority> authority;
    private ScheduledExecutorService timer;
    private String failing;

    CheckpointSchedule(Checkpointer checkpointer, Duration interval, Optional<TimestampAuthority> authority) {
        this.checkpointer = checkpointer;
        this.interval = interval;
        this.authority = authority;
    }

    /** A new checkpoint, whether or not anything changed. */
    public Checkpoint now() throws IOException {
        return made(checkpointer.checkpoint(true)).orElseThrow();
    }

    private void tick() {
        try {
            made(checkpointer.checkpoint(false));
            if (failing != null) {
                log.info("Checkpoints are made again");
                failing = null;
            }
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!reason.equals(failing)) {
                log.warn("No checkpoint could be made; trying again every {}: {}", interval, reason);
                failing = reason;
            }
        }
    }

    private Optional<Checkpoint> made(Optional<Checkpoint> checkpoint) {
        checkpoint.ifPresent(made -> {
            log.info("Checkpoint {}: {} streams, root {}", made.sequence(), made.leaves(), made.root());
            authority.ifPresent(tsa -> {
                try {
                    checkpointer.sink().appendTimestamp(made.sequence(),
                            tsa.stamp(HexFormat.of().parseHex(made.digest())));
                } catch (IOException | RuntimeException e) {
                    log.warn("Checkpoint {} has no time stamp: {}", made.sequence(), e.getMessage());
                }
            });
        });
        return checkpoint;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "livechat-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
