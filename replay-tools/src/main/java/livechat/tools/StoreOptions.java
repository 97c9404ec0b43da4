package livechat.tools;

import livechat.tools.LivechatTool.ToolFailure;
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

    @Option(names = "--event-store", defaultValue = "${env:LIVECHAT_EVENTSTORE:-}",
            description = "The server's event store when it is not the H2 file (LIVECHAT_EVENTSTORE): a "
                    + "jdbc:postgresql:// URL, whose user is --event-store-username and whose password is "
                    + "LIVECHAT_EVENTSTORE_PASSWORD (or the URL's own parameters).")
    String eventStore;

    @Option(names = "--event-store-username", defaultValue = "${env:LIVECHAT_EVENTSTORE_USERNAME:-}",
            description = "The event store's user (LIVECHAT_EVENTSTORE_USERNAME).")
    String eventStoreUsername;

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

    /**
     * The server's event store as a JDBC URL: {@code --jdbc-url}, else a JDBC {@code --event-store}, else the H2 file
     * with the server's settings (application.yml), where AUTO_SERVER lets the tool and the server open it together.
     */
    String eventStoreUrl() {
        if (!isBlank(jdbcUrl)) {
            return jdbcUrl;
        }
        if (!isBlank(eventStore)) {
            if (!eventStore.startsWith("jdbc:")) {
                throw new ToolFailure("this command reads the log from a JDBC event store (H2 or PostgreSQL), and "
                        + eventStore + " is not one; migrate reads every store", LivechatTool.STORE_FAILURE);
            }
            return eventStore;
        }
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("events")
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    /** The server database's user, or empty for the URL's own; its password comes only from the environment. */
    String eventStoreUsername() {
        return isBlank(eventStoreUsername) ? "" : eventStoreUsername;
    }

    static String eventStorePassword() {
        String password = System.getenv("LIVECHAT_EVENTSTORE_PASSWORD");
        return password == null ? "" : password;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    boolean embeddedReadModels() {
        return isBlank(mongodbUri);
    }
}
