package livechat.bench;

import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7.1: one {@code SendMessage} per operation into the H2 event store, through the production aggregate
 * configuration, through Axon's out-of-the-box configuration, and as plain JDBC inserts of the same serialized
 * payload into the same table, each in its own commit (the store's own rate). Sixteen threads, each cycling over its
 * own 50 conversations, stand for the server's concurrent requests (it runs commands on up to 20 threads on two
 * cores); conversations grow to a few hundred messages over a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(16)
public class AppendBenchmark {

    static final String RAW = "raw-jdbc";
    static final String OUT_OF_THE_BOX = "axon-out-of-the-box";
    /** What the server runs: cache, snapshots, one commit per command. */
    static final String PRODUCTION = "axon-production";
    /** Production plus group commits (GroupCommit), which the server does not use, to show what they would change. */
    static final String GROUP_COMMITS = "axon-production-group-commits";

    private static final String INSERT = "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
            + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) "
            + "VALUES (?, ?, 'Conversation', ?, ?, ?, NULL, ?, ?)";

    @Param({RAW, OUT_OF_THE_BOX, PRODUCTION, GROUP_COMMITS})
    public String path;

    private EventStoreFixture store;
    private Configuration axon;
    private CommandGateway gateway;
    private byte[] payload;
    private byte[] metaData;

    @Setup(Level.Trial)
    public void start() {
        store = new EventStoreFixture();
        if (!path.equals(RAW)) {
            axon = switch (path) {
                case OUT_OF_THE_BOX -> store.outOfTheBox();
                case PRODUCTION -> store.production(10_000, false);
                default -> store.production(10_000, true);
            };
            gateway = axon.commandGateway();
        }
        Serializer serializer = EventSerialization.serializer();
        payload = serializer.serialize(new MessageSent("c", "m", "cm", Messages.VISITOR, Messages.TEXT, false,
                List.of(), null), byte[].class).getData();
        metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class).getData();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (axon != null) {
            axon.shutdown();
        }
        store.close();
    }

    /** One sender: its own conversations, used in turn, each with its next sequence number. */
    @State(Scope.Thread)
    public static class Sender {
        private static final int CONVERSATIONS = 50;

        private final String[] conversations = new String[CONVERSATIONS];
        private final long[] next = new long[CONVERSATIONS];
        private int turn;

        @Setup(Level.Trial)
        public void start(AppendBenchmark bench) {
            for (int i = 0; i < CONVERSATIONS; i++) {
                conversations[i] = UUID.randomUUID().toString();
                if (bench.gateway != null) {
                    bench.gateway.sendAndWait(Messages.start(conversations[i]));
                }
                next[i] = 2;
            }
        }
    }

    @Benchmark
    public Object send(Sender sender) throws SQLException {
        int i = sender.turn++ % Sender.CONVERSATIONS;
        String conversation = sender.conversations[i];
        long n = sender.next[i]++;
        if (gateway != null) {
            return gateway.sendAndWait(Messages.message(conversation, n));
        }
        try (Connection connection = store.dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, conversation);
            insert.setLong(2, n);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, metaData);
            insert.setBytes(5, payload);
            insert.setString(6, MessageSent.class.getName());
            insert.setString(7, Instant.now().toString());
            return insert.executeUpdate();
        }
    }
}
