package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where read models live. With no {@code uri} (the default) an embedded server is started on {@code embeddedHost}
 * and {@code embeddedPort}, its data in {@code dataDir}; {@code LIVECHAT_MONGODB_URI} points at a real MongoDB.
 * A call waits at most {@code timeout} for a store it cannot reach.
 */
@ConfigurationProperties("livechat.mongodb")
public record ReadModelProperties(String uri, String database, String embeddedHost, int embeddedPort, Path dataDir,
                                  @DefaultValue("5s") Duration timeout) {

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
