package livechat.api.store;

import livechat.command.assignment.Dispatcher;
import livechat.query.transcript.TranscriptProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Gives processors back while this node holds two or more above the least loaded live node
 * ({@link ProcessorShares}): every {@code every}, half the difference. Each is released and left for
 * {@link #LEFT_FOR}, longer than the other nodes take to look for free segments (5 s), and the least loaded claims
 * it. A processor given back pauses for those few seconds; the transcript, whose pause holds up live delivery, is
 * given back last. When one given back has come back to this node (no other node took it), this node rests from
 * balancing for {@link #REST}.
 */
final class ProcessorBalance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorBalance.class);
    private static final Duration LEFT_FOR = Duration.ofSeconds(8);
    private static final Duration REST = Duration.ofMinutes(5);

    private final EventProcessingConfiguration processing;
    private final ProcessorShares shares;
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("processor-balance"));
    private List<String> givenBack = List.of();
    private long restingUntil = System.nanoTime();

    ProcessorBalance(EventProcessingConfiguration processing, ProcessorShares shares, Duration every) {
        this.processing = processing;
        this.shares = shares;
        ticks.scheduleWithFixedDelay(this::balance, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void balance() {
        try {
            if (System.nanoTime() - restingUntil < 0) {
                return;
            }
            Map<String, StreamingEventProcessor> processors = processors();
            if (givenBack.stream().anyMatch(name -> held(processors.get(name)))) {
                log.info("No other node took the processors this node gave back ({}); it keeps them", givenBack);
                givenBack = List.of();
                restingUntil = System.nanoTime() + REST.toNanos();
                return;
            }
            ProcessorShares.Spread spread = shares.spread();
            int surplus = (spread.own() - spread.leastOfOthers().orElse(spread.own())) / 2;
            List<String> held = processors.keySet().stream().filter(name -> held(processors.get(name)))
                    .sorted(Comparator.comparing(TranscriptProjection.PROCESSING_GROUP::equals)).toList();
            givenBack = held.subList(0, Math.min(held.size(), Math.max(0, surplus)));
            for (String name : givenBack) {
                StreamingEventProcessor processor = processors.get(name);
                processor.processingStatus().keySet().forEach(segment ->
                        processor.releaseSegment(segment, LEFT_FOR.toMillis(), TimeUnit.MILLISECONDS));
            }
            if (!givenBack.isEmpty()) {
                log.debug("Gave {} back for a node holding fewer to run ({})", givenBack, spread.held());
            }
        } catch (RuntimeException e) {
            log.debug("The processors were not balanced this time", e);
        }
    }

    private Map<String, StreamingEventProcessor> processors() {
        return processing.eventProcessors().entrySet().stream()
                .filter(processor -> !Dispatcher.PROCESSING_GROUP.equals(processor.getKey())
                        && processor.getValue() instanceof StreamingEventProcessor)
                .collect(Collectors.toMap(Map.Entry::getKey,
                        processor -> (StreamingEventProcessor) processor.getValue()));
    }

    private static boolean held(StreamingEventProcessor processor) {
        return processor != null && !processor.processingStatus().isEmpty();
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
