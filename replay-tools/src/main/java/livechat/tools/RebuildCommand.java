package livechat.tools;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.ReplaceOptions;
import livechat.query.projection.ReadModelDatabase;
import livechat.tools.LivechatTool.ToolFailure;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Replays the event log into fresh collections (<name>_rebuild) while the server keeps serving "
                + "the old ones, then pauses the live projection for a moment, lets the copy catch up with the head "
                + "and swaps it in by renaming.",
                "Interrupted (Ctrl-C), it resumes from its last batch when run again. With --in-place (server "
                        + "stopped) it clears the read model and resets its processor's token instead, so the server "
                        + "replays it at its next start."})
class RebuildCommand implements Callable<Integer> {

    static final String SUFFIX = "_rebuild";
    /** Where an unfinished rebuild keeps its position, one document per read model. */
    static final String PROGRESS = "livechat_tool_rebuilds";
    private static final int MAX_PASSES_BEFORE_SWAP = 5;
    private static final Duration PAUSE_LIMIT = Duration.ofMinutes(2);

    @Mixin
    StoreOptions options;

    @Mixin
    ReadModelSelection readModels;

    @Option(names = "--in-place", description = "Clear the live read model and reset its processor's token; the "
            + "server must be stopped.")
    boolean inPlace;

    @Option(names = "--restart", description = "Discard an interrupted rebuild's progress and start over.")
    boolean restart;

    @Option(names = "--batch-size", defaultValue = "500", description = "Events per batch (${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--pause-grace", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long the live projection's batch in progress may take to finish after it was asked "
                    + "to pause for the swap (${DEFAULT-VALUE}).")
    Duration pauseGrace;

    private volatile boolean finished;

    @Override
    public Integer call() throws Exception {
        List<ReadModel> models = readModels.selected();
        Thread interrupted = new Thread(() -> {
            if (!finished && !inPlace) {
                System.err.println("livechat-tool: interrupted; run the same command again to resume from the last "
                        + "completed batch");
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try (Stores stores = new Stores(options)) {
            for (ReadModel model : models) {
                if (inPlace) {
                    resetInPlace(stores, model);
                } else {
                    blueGreen(stores, model);
                }
            }
        }
        finished = true;
        return 0;
    }

    private void resetInPlace(Stores stores, ReadModel model) {
        ReadModelDatabase database = stores.readModels();
        String group = model.processingGroup();
        if (stores.serverHoldsEmbeddedReadModels()
                || ProcessorTokens.running(ProcessorTokens.read(database.blocking(), group))) {
            throw new ToolFailure("the server is running (it holds the read models or claims the " + group
                    + " processor's tokens): stop it before rebuild --in-place, or rebuild without --in-place",
                    LivechatTool.SERVER_RUNNING);
        }
        model.collections().forEach(name -> database.collection(name).drop());
        long tokens = database.blocking().getCollection(ProcessorTokens.COLLECTION)
                .deleteMany(Filters.eq("processorName", group)).getDeletedCount();
        System.out.printf("reset %s: dropped %s and %d token(s); the server replays the whole log into it at its "
                + "next start%n", group, String.join(", ", model.collections()), tokens);
    }

    private void blueGreen(Stores stores, ReadModel model) throws Exception {
        ReadModelDatabase live = stores.readModels();
        ReadModelDatabase fresh = live.withCollectionSuffix(SUFFIX);
        MongoCollection<Document> progress = live.blocking().getCollection(PROGRESS);
        String group = model.processingGroup();
        Replay replay = new Replay(stores.engine(), batchSize);

        Document saved = restart ? null : progress.find(Filters.eq("_id", group)).first();
        TrackingToken position = saved == null ? null : token(saved);
        if (saved == null) {
            Set<String> leftOver = live.blocking().listCollectionNames().into(new TreeSet<>());
            model.collections().stream().filter(name -> leftOver.contains(name + SUFFIX))
                    .forEach(name -> fresh.collection(name).drop());
            save(progress, group, "building", null);
        } else {
            System.err.printf("resuming the rebuild of %s from position %d (%s)%n", group, Replay.position(position),
                    saved.getString("phase"));
        }

        if (saved == null || "building".equals(saved.getString("phase"))) {
            Object projection = model.projection(fresh, options.metricsZone, stores.sealing());
            // Passes until one is short, so the swap happens close to the head; bounded, because events may arrive
            // as fast as a pass applies them, and the pass after the swap applies whatever is left.
            long from;
            long head;
            int passes = 0;
            do {
                from = Replay.position(position);
                head = replay.head();
                position = replay.run(projection, position, head, "rebuild " + group,
                        token -> save(progress, group, "building", token));
            } while (head - from > batchSize && ++passes < MAX_PASSES_BEFORE_SWAP);
            save(progress, group, "swapping", position);
        }

        // The swap: the live projection is paused, so nothing lands in the old collections any more; the copy
        // catches up to the head; then it is renamed in. The server resumes from its own token, behind the copy,
        // and re-applies what the copy already has, which changes nothing (every write is idempotent).
        pause(live, group);
        try {
            Thread.sleep(pauseGrace.toMillis());
            Set<String> existing = live.blocking().listCollectionNames().into(new TreeSet<>());
            boolean partlySwapped = model.collections().stream().anyMatch(name -> !existing.contains(name + SUFFIX));
            if (!partlySwapped) {
                position = replay.run(model.projection(fresh, options.metricsZone, stores.sealing()), position, replay.head(),
                        "rebuild " + group, token -> save(progress, group, "swapping", token));
            }
            List<String> swapped = new ArrayList<>();
            for (String name : model.collections()) {
                if (existing.contains(name + SUFFIX)) {
                    fresh.collection(name).renameCollection(new MongoNamespace(live.blocking().getName(), name),
                            new RenameCollectionOptions().dropTarget(true));
                    swapped.add(name);
                }
            }
            progress.deleteOne(Filters.eq("_id", group));
            System.out.printf("rebuilt %s up to position %d; swapped in %s%n", group, Replay.position(position),
                    swapped.isEmpty() ? "nothing (already swapped)" : String.join(", ", swapped));
        } finally {
            live.pauses().deleteOne(Filters.eq("_id", group));
        }
    }

    /** Holds the live projection's writes for at most {@link #PAUSE_LIMIT}, should this tool die mid-swap. */
    private static void pause(ReadModelDatabase live, String group) {
        live.pauses().replaceOne(Filters.eq("_id", group), new Document("_id", group)
                .append("until", Date.from(Instant.now().plus(PAUSE_LIMIT))), new ReplaceOptions().upsert(true));
    }

    private static void save(MongoCollection<Document> progress, String group, String phase, TrackingToken token) {
        Document document = new Document("_id", group).append("phase", phase)
                .append("position", Replay.position(token));
        if (token instanceof GapAwareTrackingToken gapAware) {
            document.append("gaps", new ArrayList<>(gapAware.getGaps()));
        }
        progress.replaceOne(Filters.eq("_id", group), document, new ReplaceOptions().upsert(true));
    }

    private static TrackingToken token(Document saved) {
        long position = saved.get("position", Number.class).longValue();
        if (position < 0) {
            return null;
        }
        List<Long> gaps = saved.getList("gaps", Long.class, List.of());
        return GapAwareTrackingToken.newInstance(position, new TreeSet<>(gaps));
    }
}
