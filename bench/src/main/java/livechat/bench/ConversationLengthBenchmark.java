package livechat.bench;

import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The conversation-length benchmark ({@code bench/run length}): the latency of one more message in a conversation of
 * {@code length} messages, with the production aggregate configuration, the aggregate kept in the cache (warm) or
 * evicted before every command (cold, a cache of size 0). The history is appended straight to the store, as if written
 * earlier; the first cold command then leaves a snapshot behind, as production would have, and warm-up absorbs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ConversationLengthBenchmark {

    private static final String CONVERSATION = "long-conversation";

    @Param({"10", "1000", "100000"})
    public int length;

    @Param({"warm", "cold"})
    public String cache;

    private EventStoreFixture store;
    private Configuration axon;
    private long next;

    @Setup(Level.Trial)
    public void start() {
        store = new EventStoreFixture();
        List<DomainEventMessage<?>> batch = new ArrayList<>();
        batch.add(event(0, new ConversationStarted(CONVERSATION, Messages.VISITOR.id(), "Where is my order?", null)));
        batch.add(event(1, new ConversationQueued(CONVERSATION, null, "started")));
        for (next = 2; next < length + 2; next++) {
            batch.add(event(next, new MessageSent(CONVERSATION, CONVERSATION + "-m-" + next, "cm-" + next,
                    Messages.VISITOR, Messages.TEXT, false, List.of(), null)));
            if (batch.size() == 1_000) {
                store.engine.appendEvents(batch);
                batch.clear();
            }
        }
        store.engine.appendEvents(batch);
        axon = store.production(cache.equals("warm") ? 10_000 : 0, false, true);
    }

    private static DomainEventMessage<?> event(long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Conversation", CONVERSATION, sequence, payload);
    }

    @TearDown(Level.Trial)
    public void stop() {
        axon.shutdown();
        store.close();
    }

    @Benchmark
    public Object oneMoreMessage() {
        return axon.commandGateway().sendAndWait(Messages.message(CONVERSATION, next++));
    }
}
