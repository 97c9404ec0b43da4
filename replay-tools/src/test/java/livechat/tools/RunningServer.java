package livechat.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import livechat.events.audit.Checkpoint;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.Checkpointer;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.eventstore.jdbc.ProtectedH2File;
import livechat.eventstore.keys.DataFolderKeys;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import static org.awaitility.Awaitility.await;

/**
 * The server's stores and projections as the server runs them, in the test's process: the H2 event store file
 * (same URL, AUTO_SERVER), the embedded MongoDB on its H2 file served on a loopback port, and every read model's
 * projection in a pooled streaming processor with its tokens in {@code trackingtokens}. The tool, run as its own
 * process, meets it as it would meet the real server.
 */
final class RunningServer implements AutoCloseable {

    static final String DATABASE = "livechat";

    final Path dataDir;
    final int mongoPort;
    private final HikariDataSource dataSource;
    private final EventStorageEngine engine;
    private final EmbeddedMongo mongo;
    private final MongoClient client;
    private final com.mongodb.reactivestreams.client.MongoClient reactive;
    private final Configuration axon;
    private final DataFolderKeys keys;
    private final ReadModel.Sealing sealing;

    RunningServer(Path dataDir) {
        this.dataDir = dataDir;
        // The data folder's keys, as the server seals with them and the tool opens with them.
        keys = DataFolderKeys.open(dataDir, null);
        Serializer serializer = EventSerialization.serializer(keys.keys());
        sealing = new ReadModel.Sealing(keys.keys(), serializer);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("events") + ";WRITE_DELAY=0;AUTO_SERVER=TRUE");
        config.setUsername(ProtectedH2File.USER);
        config.setPassword(ProtectedH2File.password(dataDir.toAbsolutePath().resolve("events")));
        dataSource = new HikariDataSource(config);
        engine = new LinkingEventStorageEngine(JdbcEventStore.h2Engine(new DataSourceConnectionProvider(dataSource),
                NoTransactionManager.INSTANCE, serializer), serializer, new JdbcStoredEvents(dataSource), 1_000);
        mongo = new EmbeddedMongo(dataDir.resolve("readmodels.mv"), "127.0.0.1", 0);
        mongoPort = mongo.port();
        String uri = mongo.connectionString();
        client = MongoClients.create(uri);
        reactive = com.mongodb.reactivestreams.client.MongoClients.create(uri);

        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureEventStore(c -> EmbeddedEventStore.builder().storageEngine(engine).build());
        configurer.eventProcessing().usingPooledStreamingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerTokenStore(c -> MongoTokenStore.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, DATABASE).build())
                        .serializer(EventSerialization.serializer()).build());
        for (ReadModel model : ReadModel.values()) {
            configurer.registerEventHandler(c -> model.projection(readModels(), ZoneId.of("UTC"),
                    sealing));
        }
        axon = configurer.start();
    }

    /** A signed checkpoint in the data folder's sink, with the key the server would use. */
    Checkpoint checkpoint() throws IOException {
        return new Checkpointer(engine, new JdbcStoredEvents(dataSource), EventSerialization.serializer(),
                new CheckpointSink(dataDir.resolve("checkpoints")), signingKey(), Clock.systemUTC()).checkpoint(true)
                .orElseThrow();
    }

    CheckpointKey signingKey() throws IOException {
        return CheckpointKey.inFile(signingKeyFile());
    }

    Path signingKeyFile() {
        return dataDir.resolve("keys").resolve("checkpoint-ed25519.pem");
    }

    /** The data folder's keys and the serializer sealing with them, as the server and the tool use them. */
    ReadModel.Sealing sealing() {
        return sealing;
    }

    ReadModelDatabase readModels() {
        return new ReadModelDatabase(client.getDatabase(DATABASE), reactive.getDatabase(DATABASE));
    }

    MongoDatabase database() {
        return client.getDatabase(DATABASE);
    }

    EventStorageEngine engine() {
        return engine;
    }

    org.axonframework.eventsourcing.eventstore.EventStore eventStore() {
        return axon.eventStore();
    }

    /** Waits (bounded) until every processor has handled every event in the log. */
    void awaitCaughtUp() {
        long head = Replay.position(engine.createHeadToken());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (ReadModel model : ReadModel.values()) {
                var segments = ProcessorTokens.read(database(), model.processingGroup());
                if (ProcessorTokens.slowest(segments).orElse(-1) < head) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Stops every projection's processor, releasing its claims; the event store keeps taking events. */
    void stopProcessors() {
        axon.eventProcessingConfiguration().eventProcessors().values()
                .forEach(org.axonframework.eventhandling.EventProcessor::shutDown);
    }

    @Override
    public void close() {
        axon.shutdown();
        client.close();
        reactive.close();
        mongo.close();
        dataSource.close();
        keys.close();
    }
}
