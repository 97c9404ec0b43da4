package livechat.bench;

import livechat.events.Actor;
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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The append benchmark ({@code bench/run append}): one {@code SendMessage} per operation into an event store
 * ({@code store}: {@code h2}, the embedded file, a PostgreSQL JDBC URL, {@link KurrentFixture#DOUBLE}, or a KurrentDB
 * connection string),
 * through the production aggregate configuration, through Axon's out-of-the-box configuration, and as the store's own
 * append of the same serialized payload, one commit each (plain JDBC inserts into the same table; plain client
 * appends to the same stream). Sixteen threads, each cycling over its own 50 conversations, stand for the server's
 * concurrent requests (it runs commands on up to 20 threads on two cores); conversations grow to a few hundred
 * messages over a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Threads(16)
public class AppendBenchmark {

    static final String H2 = "h2";
    static final String RAW = "raw";
    static final String OUT_OF_THE_BOX = "axon-out-of-the-box";
    /** What the server runs: cache, snapshots, the write-time audit chain, one commit per command. */
    static final String PRODUCTION = "axon-production";
    /** Production without the write-time audit chain: what the chain costs. */
    static final String UNLINKED = "axon-production-unlinked";
    /**
     * Production as the server runs it on the embedded store: personal content sealed, each message under a data key
     * of its own made ahead in batches (one flush of the key store a batch). The other paths leave it plain, so
     * production against this gives sealing's cost.
     */
    static final String SEALED = "axon-production-sealed";
    /** Production plus group commits (GroupCommit), which the server does not use, to show what they would change. */
    static final String GROUP_COMMITS = "axon-production-group-commits";

    @Param({H2})
    public String store;

    @Param({RAW, OUT_OF_THE_BOX, PRODUCTION, UNLINKED, GROUP_COMMITS, SEALED})
    public String path;

    private AppendStore events;
    private Configuration axon;
    private CommandGateway gateway;
    private byte[] payload;
    private byte[] metaData;

    @Setup(Level.Trial)
    public void start() {
        events = store.equals(H2) ? new EventStoreFixture(path.equals(SEALED))
                : store.startsWith(PostgresDatabase.SCHEME) ? EventStoreFixture.postgres(store) : new KurrentFixture(store);
        if (!path.equals(RAW)) {
            axon = switch (path) {
                case OUT_OF_THE_BOX -> events.outOfTheBox();
                case PRODUCTION, SEALED -> events.production(10_000, false, true);
                case UNLINKED -> events.production(10_000, false, false);
                default -> events.production(10_000, true, true);
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
        events.close();
    }

    /**
     * One sender: its own conversations, used in turn, each with its next sequence number and a visitor of its own
     * (personal content is sealed per visitor, so one visitor for all would share what each visitor pays for).
     */
    @State(Scope.Thread)
    public static class Sender {
        private static final int CONVERSATIONS = 50;

        private final String[] conversations = new String[CONVERSATIONS];
        private final Actor[] visitors = new Actor[CONVERSATIONS];
        private final long[] next = new long[CONVERSATIONS];
        private int turn;

        /** Starts each conversation as the paths find it: two events, the first message next at sequence 2. */
        @Setup(Level.Trial)
        public void start(AppendBenchmark bench) throws Exception {
            for (int i = 0; i < CONVERSATIONS; i++) {
                conversations[i] = UUID.randomUUID().toString();
                visitors[i] = Actor.parse("visitor:" + conversations[i]);
                if (bench.gateway != null) {
                    bench.gateway.sendAndWait(Messages.start(conversations[i], visitors[i]));
                } else {
                    bench.events.appendRaw(conversations[i], 0, bench.payload, bench.metaData);
                    bench.events.appendRaw(conversations[i], 1, bench.payload, bench.metaData);
                }
                next[i] = 2;
            }
        }
    }

    @Benchmark
    public Object send(Sender sender) throws Exception {
        int i = sender.turn++ % Sender.CONVERSATIONS;
        String conversation = sender.conversations[i];
        long n = sender.next[i]++;
        if (gateway != null) {
            return gateway.sendAndWait(Messages.message(conversation, n, sender.visitors[i]));
        }
        events.appendRaw(conversation, n, payload, metaData);
        return n;
    }
}
