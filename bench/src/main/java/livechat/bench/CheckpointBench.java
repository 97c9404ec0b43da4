package livechat.bench;

import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.Checkpointer;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Signed checkpoints over many conversations ({@code bench/run checkpoint [conversations]}): a log of that many
 * conversations of two linked events each in the embedded store, then the first checkpoint (which reads the whole
 * log), one after 1 % of the conversations moved, and one with nothing changed (tree, signature and file alone). The
 * baseline is one plain read of the whole log through the engine, in the same run.
 */
final class CheckpointBench {

    private static final int BATCH = 1_000;

    private CheckpointBench() {
    }

    static void run(int conversations) throws IOException {
        try (EventStoreFixture store = new EventStoreFixture()) {
            LinkingEventStorageEngine engine = new LinkingEventStorageEngine(store.engine,
                    EventSerialization.serializer(), new JdbcStoredEvents(store.dataSource), conversations);
            List<String> ids = new ArrayList<>(conversations);
            List<DomainEventMessage<?>> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < conversations; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                batch.add(event(id, 0));
                batch.add(event(id, 1));
                if (batch.size() >= BATCH || i == conversations - 1) {
                    engine.appendEvents(batch);
                    batch.clear();
                }
                if ((i + 1) % 20_000 == 0) {
                    System.err.printf("log: %,d of %,d conversations%n", i + 1, conversations);
                }
            }

            long start = System.nanoTime();
            long read;
            try (Stream<? extends TrackedEventMessage<?>> all = engine.readEvents(null, false)) {
                read = all.count();
            }
            double scan = seconds(start);

            CheckpointSink sink = new CheckpointSink(Files.createTempDirectory("livechat-checkpoints-"));
            Checkpointer checkpointer = new Checkpointer(engine, engine.stored(), EventSerialization.serializer(),
                    sink, CheckpointKey.generate(), Clock.systemUTC());
            start = System.nanoTime();
            checkpointer.checkpoint(false);
            double first = seconds(start);

            for (int i = 0; i < conversations; i += 100) {
                batch.add(event(ids.get(i), 2));
            }
            engine.appendEvents(batch);
            start = System.nanoTime();
            checkpointer.checkpoint(false);
            double moved = seconds(start);

            start = System.nanoTime();
            checkpointer.checkpoint(true);
            double unchanged = seconds(start);

            Report report = new Report("Checkpoints over %,d conversations (%,d events, H2 file)".formatted(
                    conversations, read));
            report.row("baseline: one read of the whole log", "%.2f s".formatted(scan));
            report.row("first checkpoint (reads the whole log)", "%.2f s".formatted(first));
            report.row("after 1 % of the conversations moved", "%.2f s".formatted(moved));
            report.row("nothing changed (tree, signature, file)", "%.2f s".formatted(unchanged));
            report.ratio("first checkpoint / one read of the log", first / scan, "(reported; < 5 s absolute)");
            report.ratio("1 % moved / one read of the log", moved / scan, "(reported; < 5 s absolute)");
            report.print();
            deleteAll(sink);
        }
    }

    private static DomainEventMessage<?> event(String conversation, long sequence) {
        return new GenericDomainEventMessage<>(Checkpointer.CONVERSATION, conversation, sequence,
                new MessageSent(conversation, "m-" + sequence, "cm-" + sequence, Messages.VISITOR, Messages.TEXT,
                        false, List.of(), null), MetaData.with("actor", Messages.VISITOR.toString()));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteAll(CheckpointSink sink) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.walk(sink.folder())) {
            for (java.nio.file.Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
