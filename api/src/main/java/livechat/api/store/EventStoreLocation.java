package livechat.api.store;

import livechat.eventstore.kurrent.KurrentConnection;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Where the event log lives, from {@code livechat.eventstore}: empty for the embedded H2 file, a
 * {@code jdbc:postgresql://} URL for PostgreSQL, or a KurrentDB connection string ({@link KurrentEventStoreConfiguration}).
 * On PostgreSQL the server's one data source is pointed there, with {@code livechat.eventstore-username} and
 * {@code -password}, and a connection waits for the database at most {@code livechat.eventstore-timeout}, so a
 * command while it is down is refused within that time, as on KurrentDB. Anything else stops the start with one line.
 */
public final class EventStoreLocation implements ApplicationContextInitializer<ConfigurableApplicationContext>,
        Ordered {

    static final String POSTGRESQL = "jdbc:postgresql:";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String location = environment.getProperty("livechat.eventstore", "");
        if (location.isBlank() || KurrentConnection.isConnectionString(location)) {
            return;
        }
        if (!location.startsWith(POSTGRESQL)) {
            throw new IllegalArgumentException("livechat.eventstore must be a jdbc:postgresql:// URL, an esdb:// or "
                    + "kurrentdb:// connection string, or empty for the embedded store, not: " + location);
        }
        long timeout = DurationStyle.detectAndParse(environment.getProperty("livechat.eventstore-timeout", "3s"))
                .toMillis();
        // Empty credentials leave the user and password to the URL's own parameters.
        environment.getPropertySources().addFirst(new MapPropertySource("livechat-event-store-location", Map.of(
                "spring.datasource.url", location,
                "spring.datasource.username", environment.getProperty("livechat.eventstore-username", ""),
                "spring.datasource.password", environment.getProperty("livechat.eventstore-password", ""),
                "spring.datasource.hikari.connection-timeout", Long.toString(timeout),
                // The pool starts without the database, which may be down while the server starts.
                "spring.datasource.hikari.initialization-fail-timeout", "-1")));
    }

    /** After the data folder is locked, before {@link DataFolderProtection} looks at the data source's URL. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
