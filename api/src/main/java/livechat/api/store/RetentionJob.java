package livechat.api.store;

import livechat.command.RuleViolation;
import livechat.command.subject.SubjectCommand.EraseVisitorData;
import livechat.command.subject.SubjectRule;
import livechat.events.Actor;
import livechat.events.privacy.DataKeys;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindConversationsClosedBefore;
import livechat.query.transcript.FindVisitorConversations;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Erases the personal data of visitors whose conversations have all been closed longer than the retention of their
 * skill ({@link RetentionProperties}), as the server ({@code system:retention}), through the same
 * {@code EraseVisitorData} an erasure request sends, so every erasure is a {@code VisitorDataErased} in the log and
 * a legal hold or an open dispute keeps the data.
 * <p>
 * Keys are scoped per visitor, so retention erases visitors, not single conversations: a visitor with a conversation
 * still open, or closed more recently, is kept until that one is due too. What is left to do is derived on each run
 * from the transcript read model (closed conversations) and the key store (whose keys are destroyed already), never
 * from memory, so a run stopped half way is taken up by the next one, after a restart too.
 */
public final class RetentionJob implements SmartLifecycle {

    static final String LEGAL_BASIS = "retention-policy";
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final Actor RETENTION = Actor.system("retention");
    private static final Duration READ_MODEL = Duration.ofMinutes(1);

    /** What one run did: visitors erased, visitors kept by a hold, and visitors not due yet. */
    public record Run(int erased, int held, int notDue) {
    }

    private final RetentionProperties retention;
    private final TranscriptQueries transcripts;
    private final DataKeys keys;
    private final CommandGateway commands;
    private final Clock clock;
    private ScheduledExecutorService timer;

    RetentionJob(RetentionProperties retention, TranscriptQueries transcripts, DataKeys keys, CommandGateway commands,
                 Clock clock) {
        this.retention = retention;
        this.transcripts = transcripts;
        this.keys = keys;
        this.commands = commands;
        this.clock = clock;
    }

    /** One pass over every conversation due, logged; what it did. */
    public Run runOnce() {
        Instant now = clock.instant();
        Duration shortest = shortest();
        if (shortest == null) {
            return new Run(0, 0, 0);
        }
        List<ConversationSummary> due = transcripts.handle(new FindConversationsClosedBefore(now.minus(shortest)))
                .collectList().block(READ_MODEL);
        Set<String> visitors = new LinkedHashSet<>();
        Objects.requireNonNull(due).forEach(conversation -> visitors.add(conversation.visitorId()));
        visitors.removeIf(visitor -> !keys.knowsSubject(visitor) || keys.subjectErased(visitor));
        if (visitors.isEmpty()) {
            return new Run(0, 0, 0);
        }
        log.info("Retention: {} visitors with conversations closed before {} to look at", visitors.size(),
                now.minus(shortest));
        int erased = 0;
        int held = 0;
        int notDue = 0;
        for (String visitor : visitors) {
            List<ConversationSummary> conversations = transcripts.handle(new FindVisitorConversations(visitor))
                    .collectList().block(READ_MODEL);
            if (!Objects.requireNonNull(conversations).stream().allMatch(conversation -> due(conversation, now))) {
                notDue++;
            } else if (erase(visitor)) {
                erased++;
            } else {
                held++;
            }
            if ((erased + held + notDue) % 1000 == 0) {
                log.info("Retention: {} of {} visitors looked at", erased + held + notDue, visitors.size());
            }
        }
        log.info("Retention: {} visitors erased, {} kept by a hold, {} not due yet", erased, held, notDue);
        return new Run(erased, held, notDue);
    }

    /** Erases the visitor's data as the server; false if a legal hold or an open dispute keeps it. */
    private boolean erase(String visitor) {
        try {
            commands.sendAndWait(new EraseVisitorData(visitor, RETENTION, "every conversation closed longer than "
                    + "the retention of its skill", LEGAL_BASIS));
            keys.eraseSubject(visitor);
            return true;
        } catch (CommandExecutionException | RuleViolation e) {
            Throwable cause = e instanceof CommandExecutionException && e.getCause() != null ? e.getCause() : e;
            if (!(cause instanceof RuleViolation violation)
                    || !violation.ruleName().equals(SubjectRule.LEGAL_HOLD.ruleName())) {
                throw e;
            }
            log.info("Retention: visitor {} kept: {}", visitor, violation.getMessage());
            return false;
        }
    }

    /** Whether the conversation was closed longer ago than its skill's retention; never, if that has none. */
    private boolean due(ConversationSummary conversation, Instant now) {
        Duration kept = retention.keptFor(conversation.requiredSkill());
        return kept != null && conversation.closedAt() != null && !conversation.closedAt().plus(kept).isAfter(now);
    }

    /** The shortest retention configured; null when nothing is ever erased by retention. */
    private Duration shortest() {
        return retention.skills().values().stream().reduce(retention.closedAfter(),
                (a, b) -> a == null ? b : a.compareTo(b) <= 0 ? a : b);
    }

    private void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Retention stopped for now; the next run, in {}, takes it up: {}", retention.interval(),
                    e.toString());
        }
    }

    /** Runs every interval when a retention is configured. */
    @Override
    public void start() {
        if (!retention.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "livechat-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = retention.interval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
