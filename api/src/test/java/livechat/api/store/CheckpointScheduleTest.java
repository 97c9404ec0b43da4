package livechat.api.store;

import com.sun.net.httpserver.HttpServer;
import livechat.events.audit.Checkpoint;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.Checkpointer;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints made on a timer when something changed, and time-stamped by an RFC 3161 authority: here a protocol
 * double that reads the request as DER and answers a reply with the status it is told to.
 */
class CheckpointScheduleTest {

    @TempDir
    Path folder;
    private LinkingEventStorageEngine engine;
    private CheckpointSink sink;
    private Checkpointer checkpointer;
    private HttpServer authority;
    private final AtomicReference<byte[]> request = new AtomicReference<>();
    private volatile int status;

    @BeforeEach
    void setUp() throws IOException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        engine = new LinkingEventStorageEngine(JdbcEventStore.h2Engine(new DataSourceConnectionProvider(h2),
                NoTransactionManager.INSTANCE, EventSerialization.serializer()), EventSerialization.serializer(),
                new JdbcStoredEvents(h2), 10);
        sink = new CheckpointSink(folder.resolve("checkpoints"));
        checkpointer = new Checkpointer(engine, engine.stored(), EventSerialization.serializer(), sink,
                CheckpointKey.generate(), Clock.systemUTC());
        authority = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authority.createContext("/tsa", exchange -> {
            request.set(exchange.getRequestHeaders().getFirst("Content-Type").equals("application/timestamp-query")
                    ? exchange.getRequestBody().readAllBytes() : null);
            // TimeStampResp { PKIStatusInfo { status } } and nothing else: enough for a status the caller reads.
            byte[] reply = {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, (byte) status};
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        authority.start();
    }

    @AfterEach
    void tearDown() {
        authority.stop(0);
    }

    private void append(String aggregateId, long sequence) {
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(Checkpointer.CONVERSATION, aggregateId, sequence,
                Map.of("n", sequence), MetaData.with("actor", "visitor:v-1"))));
    }

    private CheckpointSchedule schedule(Duration interval) {
        URI url = URI.create("http://127.0.0.1:" + authority.getAddress().getPort() + "/tsa");
        return new CheckpointSchedule(checkpointer, interval, TimestampAuthority.of(url, Duration.ofSeconds(5)));
    }

    @Test
    void aCheckpointIsTimeStampedWithTheSha256OfItsSignedBytes() throws IOException {
        append("c-1", 0);
        status = 0;
        Checkpoint made = schedule(Duration.ofHours(1)).now();

        byte[] digest = HexFormat.of().parseHex(made.digest());
        byte[] sent = request.get();
        assertThat(sent).as("a DER TimeStampReq").isNotNull().startsWith(0x30);
        assertThat(indexOf(sent, new byte[]{0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}))
                .as("SHA-256").isPositive();
        assertThat(indexOf(sent, digest)).as("the checkpoint's digest as the message imprint").isPositive();
        assertThat(sink.timestampFile(made.sequence())).exists();
        assertThat(Files.readAllBytes(sink.timestampFile(made.sequence()))).startsWith(0x30, 0x05);
    }

    @Test
    void aRefusedTimeStampLeavesTheCheckpointWithoutOne() throws IOException {
        append("c-1", 0);
        status = 2;
        Checkpoint made = schedule(Duration.ofHours(1)).now();
        assertThat(sink.file(made.sequence())).exists();
        assertThat(sink.timestampFile(made.sequence())).doesNotExist();
        assertThat(TimestampAuthority.of(null, Duration.ofSeconds(1))).isEqualTo(Optional.empty());
    }

    @Test
    void theTimerCheckpointsOnlyWhenAStreamMoved() throws IOException {
        status = 0;
        CheckpointSchedule timer = schedule(Duration.ofMillis(100));
        timer.start();
        try {
            append("c-1", 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sink.file(1)));
            append("c-2", 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sink.file(2)));
            assertThat(sink.load(null).anchors()).containsOnlyKeys("c-1", "c-2");
            long quiet = System.nanoTime();
            await().pollDelay(Duration.ofMillis(500)).until(() -> System.nanoTime() - quiet > 500_000_000L);
            assertThat(sink.file(3)).as("nothing moved, nothing signed").doesNotExist();
        } finally {
            timer.stop();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
