package livechat.tools;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Where the stores are, read from the same environment variables as the server (and with the same defaults), so
 * the tool finds what the server uses without being told.
 */
public final class StoreOptions {

    @Option(names = "--data-dir", defaultValue = "${env:LIVECHAT_DATA_DIR:-./data}",
            description = "The server's data folder (LIVECHAT_DATA_DIR, default ./data).")
    Path dataDir;

    @Option(names = "--jdbc-url", defaultValue = "${env:SPRING_DATASOURCE_URL:-}",
            description = "The event store's JDBC URL (SPRING_DATASOURCE_URL); default: the H2 file in the data "
                    + "folder, with the server's settings.")
    String jdbcUrl;

    @Option(names = "--mongodb-uri", defaultValue = "${env:LIVECHAT_MONGODB_URI:-}",
            description = "A MongoDB holding the read models (LIVECHAT_MONGODB_URI); default: the embedded one.")
    String mongodbUri;

    @Option(names = "--embedded-mongodb-port", defaultValue = "${env:LIVECHAT_EMBEDDED_MONGODB_PORT:-27018}",
            description = "Where a running server's embedded MongoDB listens on 127.0.0.1 "
                    + "(LIVECHAT_EMBEDDED_MONGODB_PORT, default 27018).")
    int embeddedPort;

    @Option(names = "--database", defaultValue = "livechat", description = "The read-model database (livechat).")
    String database;

    @Option(names = "--metrics-zone", defaultValue = "${env:LIVECHAT_METRICS_ZONE:-UTC}",
            description = "The time zone agent metrics are cut into days in (LIVECHAT_METRICS_ZONE, default UTC).")
    ZoneId metricsZone;

    /** The server's URL (application.yml): AUTO_SERVER lets the tool and the server open the file together. */
    String eventStoreUrl() {
        return jdbcUrl == null || jdbcUrl.isBlank()
                ? "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("events")
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE"
                : jdbcUrl;
    }

    boolean embeddedReadModels() {
        return mongodbUri == null || mongodbUri.isBlank();
    }
}
