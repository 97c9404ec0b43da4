package livechat.api.store;

import livechat.eventstore.jdbc.ProtectedH2File;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder is its owner's alone: before any store opens, and again once all have opened, the folder and
 * everything in it are made readable and writable by the owner only (on POSIX file systems), so no other local user reads the event log, the read
 * models, the signing keys or H2's lock file with its server key; and the embedded event store gets its generated
 * password ({@link ProtectedH2File}) unless one is configured.
 */
public final class DataFolderProtection implements ApplicationContextInitializer<ConfigurableApplicationContext>,
        Ordered {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String folder = environment.getProperty("livechat.data-dir");
        if (folder == null || folder.isBlank()) {
            return;
        }
        Path data = Path.of(folder);
        ownerOnly(data);
        // The stores' own files (H2's lock file with its server key, say) are written as they open, under the
        // process's umask: once they are open, those too.
        context.addApplicationListener((ApplicationListener<ApplicationReadyEvent>) ready -> ownerOnly(data));
        Path events = ProtectedH2File.databaseOf(environment.getProperty("spring.datasource.url"));
        String password = environment.getProperty("spring.datasource.password");
        if (events != null && (password == null || password.isEmpty())) {
            environment.getPropertySources().addFirst(new MapPropertySource("livechat-event-store-credentials",
                    Map.of("spring.datasource.username", ProtectedH2File.USER,
                            "spring.datasource.password", ProtectedH2File.password(events))));
        }
    }

    private static void ownerOnly(Path folder) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createDirectories(folder);
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    if (!Files.isSymbolicLink(path)) {
                        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the data folder " + folder + " to its owner", e);
        }
    }

    /**
     * Right after the data folder is locked for this server ({@link DataFolderLock}) and the event store's data source
     * is chosen ({@link EventStoreLocation}).
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
