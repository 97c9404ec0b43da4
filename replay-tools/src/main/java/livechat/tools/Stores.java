package livechat.tools;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import livechat.events.privacy.DataKeys;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.eventstore.jdbc.ProtectedH2File;
import livechat.eventstore.keys.DataFolderKeys;
import livechat.eventstore.keys.KmsMasterKey;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.query.projection.ReadModelDatabase;
import livechat.tools.LivechatTool.ToolFailure;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
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
    private static final Duration LOCK_RACE_RETRIES = Duration.ofSeconds(10);
    private static final Duration LOCK_RACE_PAUSE = Duration.ofMillis(200);

    private final StoreOptions options;
    private final boolean mayCreate;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private HikariDataSource events;
    private EventStorageEngine engine;
    private MongoClient blocking;
    private ReadModelDatabase readModels;
    private boolean serverHoldsReadModels;
    private ReadModel.Sealing sealing;

    Stores(StoreOptions options) {
        this(options, false);
    }

    /**
     * {@code mayCreate}: an embedded event store that is not there yet is created (as the server would at its first
     * start), for a tool that writes the first events of a data folder; reading tools refuse a missing one instead.
     */
    Stores(StoreOptions options, boolean mayCreate) {
        this.options = options;
        this.mayCreate = mayCreate;
    }

    DataSource events() {
        if (events == null) {
            String url = options.eventStoreUrl();
            Path file = options.dataDir.resolve("events.mv.db");
            if (url.startsWith("jdbc:h2:file:") && !Files.exists(file)) {
                if (!mayCreate) {
                    throw new ToolFailure("no event store at " + file.toAbsolutePath().normalize()
                            + " (set --data-dir or LIVECHAT_DATA_DIR)", LivechatTool.STORE_FAILURE);
                }
                try {
                    Files.createDirectories(options.dataDir);
                } catch (IOException e) {
                    throw new ToolFailure("cannot create " + options.dataDir + ": " + e.getMessage(),
                            LivechatTool.STORE_FAILURE);
                }
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            if (url.startsWith("jdbc:h2:")) {
                Path database = ProtectedH2File.databaseOf(url);
                config.setUsername(ProtectedH2File.USER);
                config.setPassword(database == null ? "" : ProtectedH2File.password(database));
            } else if (!options.eventStoreUsername().isEmpty()) {
                // Without a user here, the database takes the URL's own user and password parameters.
                config.setUsername(options.eventStoreUsername());
                config.setPassword(StoreOptions.eventStorePassword());
            }
            config.setMaximumPoolSize(2);
            config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(10));
            config.setPoolName("livechat-tool");
            events = url.startsWith("jdbc:h2:") ? openPool(config, file) : openServer(config);
            opened.add(events);
        }
        return events;
    }

    EventStorageEngine engine() {
        if (engine == null) {
            engine = new LinkingEventStorageEngine(JdbcEventStore.engine(events(),
                    new DataSourceConnectionProvider(events()), NoTransactionManager.INSTANCE,
                    sealing().serializer()), sealing().serializer(), new JdbcStoredEvents(events()), 1_000);
        }
        return engine;
    }

    /**
     * The data keys of the data folder, or of the folder nodes share in LIVECHAT_PRIVACY_DATA_DIR
     * ({@code privacy/data-keys} under the master key of LIVECHAT_PRIVACY_MASTER_KEY, or
     * kept by the key service of LIVECHAT_PRIVACY_KMS_KEY_ID, _REGION and _ENDPOINT, or in
     * {@code keys/privacy-master.key}) and the serializer that opens, and seals, personal content with them, as the
     * server's does.
     */
    ReadModel.Sealing sealing() {
        if (sealing == null) {
            DataFolderKeys keys;
            try {
                String shared = System.getenv("LIVECHAT_PRIVACY_DATA_DIR");
                keys = DataFolderKeys.open(shared == null || shared.isBlank() ? options.dataDir : Path.of(shared),
                        System.getenv("LIVECHAT_PRIVACY_MASTER_KEY"),
                        new KmsMasterKey.Settings(System.getenv("LIVECHAT_PRIVACY_KMS_KEY_ID"),
                                System.getenv("LIVECHAT_PRIVACY_KMS_REGION"),
                                System.getenv("LIVECHAT_PRIVACY_KMS_ENDPOINT")));
            } catch (IllegalStateException e) {
                throw new ToolFailure(e.getMessage(), LivechatTool.STORE_FAILURE);
            }
            opened.add(keys);
            sealing = new ReadModel.Sealing(keys.keys(), EventSerialization.serializer(keys.keys()));
        }
        return sealing;
    }

    DataKeys keys() {
        return sealing().keys();
    }

    ReadModelDatabase readModels() {
        if (readModels == null) {
            String uri = options.mongodbUri;
            if (options.embeddedReadModels()) {
                serverHoldsReadModels = listening(EMBEDDED_HOST, options.embeddedPort);
                if (serverHoldsReadModels) {
                    uri = "mongodb://" + EMBEDDED_HOST + ":" + options.embeddedPort;
                } else {
                    EmbeddedMongo server = openEmbedded(options.dataDir.resolve("readmodels.mv"), 0);
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

    /**
     * Two processes opening the H2 file at once race for its lock file. The loser is refused ("Lock file recently
     * modified", "Concurrent update" or "Another process was faster" when both write the lock file at the same
     * moment, or "Locked by another process" while the winner has the file but does not yet serve it); once the
     * winner serves it, this one connects through it (H2's mixed mode), so the refusal is retried for a while, and
     * past that named as what it is.
     */
    private static HikariDataSource openPool(HikariConfig config, Path file) {
        long deadline = System.nanoTime() + LOCK_RACE_RETRIES.toNanos();
        while (true) {
            try {
                return new HikariDataSource(config);
            } catch (HikariPool.PoolInitializationException e) {
                if (!lostLockFileRace(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new ToolFailure("another process has " + file.toAbsolutePath().normalize() + " open and "
                            + "does not share it: stop it, or run the tool while the server runs",
                            LivechatTool.STORE_FAILURE);
                }
                try {
                    Thread.sleep(LOCK_RACE_PAUSE.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static HikariDataSource openServer(HikariConfig config) {
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ToolFailure("cannot open the event store " + config.getJdbcUrl().replaceAll("password=[^&]*",
                    "password=***") + ": " + cause.getMessage(), LivechatTool.STORE_FAILURE);
        }
    }

    private static boolean lostLockFileRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1
                    || sql.getErrorCode() == ErrorCode.ERROR_OPENING_DATABASE_1
                    && (String.valueOf(sql.getMessage()).contains("Lock file recently modified")
                    || String.valueOf(sql.getMessage()).contains("Concurrent update")
                    || String.valueOf(sql.getMessage()).contains("Another process was faster")))) {
                return true;
            }
        }
        return false;
    }

    /** The read-model file, which one process at a time can open. */
    static EmbeddedMongo openEmbedded(Path file, int port) {
        try {
            return new EmbeddedMongo(file, EMBEDDED_HOST, port);
        } catch (MVStoreException e) {
            if (e.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
                throw e;
            }
            throw new ToolFailure("another process has " + file.toAbsolutePath().normalize() + " open (another "
                    + "livechat-tool?): with the server stopped, run one tool at a time, or start the server, whose "
                    + "embedded MongoDB every tool then shares", LivechatTool.STORE_FAILURE);
        }
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
