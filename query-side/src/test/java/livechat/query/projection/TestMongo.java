package livechat.query.projection;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A MongoDB for tests, reached through the real drivers over a socket: the server named by
 * {@code LIVECHAT_MONGODB_URI} when set (each test gets a fresh database there), else an in-memory
 * wire-protocol server on a loopback port.
 */
public final class TestMongo implements AutoCloseable {

    private final MongoServer server;
    private final MongoClient blocking;
    private final com.mongodb.reactivestreams.client.MongoClient reactive;
    private final String databaseName = "livechat-test-" + UUID.randomUUID().toString().substring(0, 8);

    public TestMongo() {
        this(null);
    }

    /** With {@code listener} told of every command the blocking client sends (none when null). */
    public TestMongo(CommandListener listener) {
        String uri = System.getenv("LIVECHAT_MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            uri = "mongodb://127.0.0.1:" + address.getPort();
        } else {
            server = null;
        }
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri));
        if (listener != null) {
            settings.addCommandListener(listener);
        }
        blocking = MongoClients.create(settings.build());
        reactive = com.mongodb.reactivestreams.client.MongoClients.create(uri);
    }

    public ReadModelDatabase database() {
        return new ReadModelDatabase(blocking.getDatabase(databaseName), reactive.getDatabase(databaseName));
    }

    /** Every document of {@code collection} by id, to compare a read model's whole state before and after. */
    public static List<Document> all(MongoCollection<Document> collection) {
        return collection.find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    @Override
    public void close() {
        blocking.getDatabase(databaseName).drop();
        blocking.close();
        reactive.close();
        if (server != null) {
            server.shutdownNow();
        }
    }
}
