package livechat.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.eventhandling.TrackedEventMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes read models from the event log in memory, writing nothing, and reports every "
                + "document that differs from the live one; exits 1 if any does.",
                "Each is judged against the events its processor has handled (each segment up to its token): a read "
                        + "model that is merely behind is reported as behind by N events, with exit 0. While the "
                        + "server runs, first waits (--wait) for its processor to reach the head of the log."})
class VerifyCommand implements Callable<Integer> {

    /** Comparisons started again at most, when the server's processor moved during one. */
    private static final int ATTEMPTS = 3;

    @Mixin
    StoreOptions options;

    @Mixin
    ReadModelSelection readModels;

    @Option(names = "--max-differences", defaultValue = "20", paramLabel = "N",
            description = "Differences printed in full, per read model (${DEFAULT-VALUE}); the rest are counted.")
    int maxDifferences;

    @Option(names = "--batch-size", defaultValue = "500", description = "Events per batch (${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--wait", defaultValue = "60s", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "How long to wait for the server's processor to catch up (${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        List<ReadModel> models = readModels.selected();
        int total = 0;
        MongoServer scratchServer = new MongoServer(new MemoryBackend());
        try (Stores stores = new Stores(options)) {
            String scratchUri = scratchServer.bindAndGetConnectionString();
            try (MongoClient scratch = MongoClients.create(scratchUri);
                 com.mongodb.reactivestreams.client.MongoClient scratchReactive =
                         com.mongodb.reactivestreams.client.MongoClients.create(scratchUri)) {
                Replay replay = new Replay(stores.engine(), batchSize);
                ReadModelDatabase live = stores.readModels();
                long head = replay.head();
                for (ReadModel model : models) {
                    awaitProcessor(live, model, head);
                    total += verify(model, replay, head, live, scratch, scratchReactive, stores.sealing());
                }
            }
        } finally {
            scratchServer.shutdownNow();
        }
        return total == 0 ? 0 : LivechatTool.DIFFERENCES;
    }

    /**
     * Recomputes {@code model} from the events its processor has handled (each segment up to its own token) and
     * compares; a processor that moved during the comparison makes it start again, a few times at most, since the
     * live documents may then hold events the recomputation did not.
     */
    private int verify(ReadModel model, Replay replay, long head, ReadModelDatabase live, MongoClient scratch,
                       com.mongodb.reactivestreams.client.MongoClient scratchReactive, ReadModel.Sealing sealing)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            List<ProcessorTokens.Segment> segments = ProcessorTokens.read(live.blocking(), model.processingGroup());
            scratch.getDatabase(model.processingGroup()).drop();
            ReadModelDatabase recomputed = new ReadModelDatabase(scratch.getDatabase(model.processingGroup()),
                    scratchReactive.getDatabase(model.processingGroup()));
            // No token at all: nothing says how far the read model should be, so the whole log is the measure.
            Predicate<TrackedEventMessage<?>> handled = segments.isEmpty() ? event -> true
                    : ProcessorTokens.handled(segments);
            AtomicLong behind = new AtomicLong();
            Predicate<TrackedEventMessage<?>> counted = event -> {
                if (handled.test(event)) {
                    return true;
                }
                behind.incrementAndGet();
                return false;
            };
            replay.only(counted).run(model.projection(recomputed, options.metricsZone, sealing), null, head,
                            "verify " + model.processingGroup(), token -> { });
            ReadModelComparison comparison = new ReadModelComparison();
            for (String collection : model.collections()) {
                comparison.compare(collection, live.collection(collection), recomputed.collection(collection));
            }
            boolean moved = !ProcessorTokens.positions(ProcessorTokens.read(live.blocking(),
                    model.processingGroup())).equals(ProcessorTokens.positions(segments));
            if (comparison.differences().isEmpty() || !moved || attempt == ATTEMPTS) {
                return report(model, comparison.differences(), head, behind.get());
            }
        }
    }

    private int report(ReadModel model, List<String> differences, long head, long behind) {
        String measure = behind == 0 ? "the event log up to position " + head
                : "the events its processor has handled";
        if (differences.isEmpty()) {
            System.out.printf("OK %s: equal to %s%n", model.processingGroup(), measure);
        } else {
            System.out.printf("DIFFERS %s: %d document(s) differ from %s%n", model.processingGroup(),
                    differences.size(), measure);
            differences.stream().limit(maxDifferences).forEach(difference -> System.out.println("  " + difference));
            if (differences.size() > maxDifferences) {
                System.out.printf("  ... and %d more%n", differences.size() - maxDifferences);
            }
        }
        if (behind > 0) {
            System.out.printf("  note: %s is behind by %d event(s) up to position %d: its processor has not handled "
                    + "them yet, which is lag, not a difference%n", model.processingGroup(), behind, head);
        }
        return differences.size();
    }

    private void awaitProcessor(ReadModelDatabase live, ReadModel model, long head) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            List<ProcessorTokens.Segment> segments = ProcessorTokens.read(live.blocking(), model.processingGroup());
            OptionalLong position = ProcessorTokens.slowest(segments);
            boolean caughtUp = position.isPresent() && position.getAsLong() >= head;
            if (caughtUp || !ProcessorTokens.running(segments)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                System.err.printf("livechat-tool: the server's %s processor is still at %d, behind %d: it is "
                        + "judged on the events it has handled%n", model.processingGroup(), position.orElse(-1), head);
                return;
            }
            Thread.sleep(200);
        }
    }
}
