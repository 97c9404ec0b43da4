package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where read models live. With no {@code uri} (the default) an embedded server is started on {@code embeddedHost}
 * and {@code embeddedPort}, its data in {@code dataDir}; {@code LIVECHAT_MONGODB_URI} points at a real MongoDB.
 */
@ConfigurationProperties("livechat.mongodb")
public record ReadModelProperties(String uri, String database, String embeddedHost, int embeddedPort, Path dataDir) {

    public boolean embedded() {
        return uri == null || uri.isBlank();
    }
}
