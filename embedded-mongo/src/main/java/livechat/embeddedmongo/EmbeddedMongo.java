package livechat.embeddedmongo;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default read-model store: a MongoDB wire-protocol server in this process, keeping its data in an H2 file
 * that a crash leaves consistent ({@link CrashConsistentH2Backend}), on a loopback port that {@code mongosh} can
 * connect to; port 0 picks a free one.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final InetSocketAddress address;

    public EmbeddedMongo(Path file, String host, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder for " + file, e);
        }
        server = new MongoServer(new CrashConsistentH2Backend(file));
        server.bind(host, port);
        address = server.getLocalAddress();
        log.info("Embedded MongoDB listening on {} (data in {})", connectionString(), file.toAbsolutePath());
    }

    public int port() {
        return address.getPort();
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
