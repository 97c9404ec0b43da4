package livechat.tools;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import livechat.events.serialization.EventSerialization;
import livechat.events.store.jdbc.JdbcEventStore;
import livechat.query.mongo.EmbeddedMongo;
import livechat.query.mongo.ReadModelDatabase;
import livechat.tools.LivechatTool.ToolFailure;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's stores, opened on first use. Read models: a real MongoDB when configured; else the running server's
 * embedded MongoDB if something listens on its port; else the tool opens the embedded file itself (the server is
 * stopped), on a port of its own.
 */
final class Stores implements AutoCloseable {

    private static final String EMBEDDED_HOST = "127.0.0.1";

    private final StoreOptions options;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private HikariDataSource events;
    private EventStorageEngine engine;
    private MongoClient blocking;
    private ReadModelDatabase readModels;
    private boolean serverHoldsReadModels;

    Stores(StoreOptions options) {
        this.options = options;
    }

    DataSource events() {
        if (events == null) {
            String url = options.eventStoreUrl();
            Path file = options.dataDir.resolve("events.mv.db");
            if (url.startsWith("jdbc:h2:file:") && !Files.exists(file)) {
                throw new ToolFailure("no event store at " + file.toAbsolutePath().normalize()
                        + " (set --data-dir or LIVECHAT_DATA_DIR)", LivechatTool.STORE_FAILURE);
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername("sa");
            config.setPassword("");
            config.setMaximumPoolSize(2);
            config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(10));
            config.setPoolName("livechat-tool");
            events = new HikariDataSource(config);
            opened.add(events);
        }
        return events;
    }

    EventStorageEngine engine() {
        if (engine == null) {
            engine = JdbcEventStore.h2Engine(new DataSourceConnectionProvider(events()),
                    NoTransactionManager.INSTANCE, EventSerialization.serializer());
        }
        return engine;
    }

    ReadModelDatabase readModels() {
        if (readModels == null) {
            String uri = options.mongodbUri;
            if (options.embeddedReadModels()) {
                serverHoldsReadModels = listening(EMBEDDED_HOST, options.embeddedPort);
                if (serverHoldsReadModels) {
                    uri = "mongodb://" + EMBEDDED_HOST + ":" + options.embeddedPort;
                } else {
                    EmbeddedMongo server = new EmbeddedMongo(options.dataDir.resolve("readmodels.mv"), EMBEDDED_HOST, 0);
                    opened.add(server);
                    uri = server.connectionString();
                }
            }
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(uri)).applicationName("livechat-tool")
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                    .build();
            blocking = MongoClients.create(settings);
            com.mongodb.reactivestreams.client.MongoClient reactive =
                    com.mongodb.reactivestreams.client.MongoClients.create(settings);
            opened.add(0, blocking);
            opened.add(0, reactive);
            readModels = new ReadModelDatabase(blocking.getDatabase(options.database),
                    reactive.getDatabase(options.database));
        }
        return readModels;
    }

    /** Whether the read models are served by a running server's embedded MongoDB (known after opening them). */
    boolean serverHoldsEmbeddedReadModels() {
        readModels();
        return serverHoldsReadModels;
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("livechat-tool: closing a store failed: " + e.getMessage());
            }
        }
    }
}
