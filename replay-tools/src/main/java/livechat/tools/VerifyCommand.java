package livechat.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import livechat.query.projection.ReadModelDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recomputes read models from the event log in memory, writing nothing, and reports every "
                + "document that differs from the live one; exits 1 if any does.",
                "While the server runs, first waits (--wait) for its processor to reach the head of the log, as "
                        + "documents it has not updated yet would show up as differences."})
class VerifyCommand implements Callable<Integer> {

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
                    ReadModelDatabase recomputed = new ReadModelDatabase(scratch.getDatabase(model.processingGroup()),
                            scratchReactive.getDatabase(model.processingGroup()));
                    replay.run(model.projection(recomputed, options.metricsZone), null, head,
                            "verify " + model.processingGroup(), token -> { });
                    ReadModelComparison comparison = new ReadModelComparison();
                    for (String collection : model.collections()) {
                        comparison.compare(collection, live.collection(collection),
                                recomputed.collection(collection));
                    }
                    total += report(model, comparison.differences(), head);
                }
            }
        } finally {
            scratchServer.shutdownNow();
        }
        return total == 0 ? 0 : LivechatTool.DIFFERENCES;
    }

    private int report(ReadModel model, List<String> differences, long head) {
        if (differences.isEmpty()) {
            System.out.printf("OK %s: equal to the event log up to position %d%n", model.processingGroup(), head);
            return 0;
        }
        System.out.printf("DIFFERS %s: %d document(s) differ from the event log up to position %d%n",
                model.processingGroup(), differences.size(), head);
        differences.stream().limit(maxDifferences).forEach(difference -> System.out.println("  " + difference));
        if (differences.size() > maxDifferences) {
            System.out.printf("  ... and %d more%n", differences.size() - maxDifferences);
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
                System.err.printf("livechat-tool: the server's %s processor is still at %d, behind %d: documents it "
                        + "has not updated yet will show as differences%n", model.processingGroup(),
                        position.orElse(-1), head);
                return;
            }
            Thread.sleep(200);
        }
    }
}
