package livechat.eventstore.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The embedded event store's file, closed to other local users. H2's mixed mode ({@code AUTO_SERVER}) lets the
 * process that opened the file serve it to the next one over TCP; that port listens on the loopback interface only,
 * and the database's user has a generated password kept beside the file in {@code <name>.credentials}, readable by
 * its owner only. A file created before it had a password (user {@code sa}, empty password) is given one the first
 * time it is opened here.
 */
public final class ProtectedH2File {

    public static final String USER = "sa";
    private static final String JDBC_FILE = "jdbc:h2:file:";

    private ProtectedH2File() {
    }

    /** The database path of an H2 file URL ({@code jdbc:h2:file:/data/events;...}), or null for any other URL. */
    public static Path databaseOf(String url) {
        if (url == null || !url.startsWith(JDBC_FILE)) {
            return null;
        }
        int settings = url.indexOf(';');
        return Path.of(url.substring(JDBC_FILE.length(), settings < 0 ? url.length() : settings)).toAbsolutePath()
                .normalize();
    }

    /**
     * The password of the database at {@code database} (a path without {@code .mv.db}), created on first use, with
     * H2's server port bound to loopback from then on in this process.
     */
    public static synchronized String password(Path database) {
        // Read once, when H2 first loads its settings: set before any H2 database opens in this process.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Path credentials = database.resolveSibling(database.getFileName() + ".credentials");
        try {
            if (Files.exists(credentials)) {
                return Files.readString(credentials, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            if (Files.exists(database.resolveSibling(database.getFileName() + ".mv.db"))) {
                setPassword(database, password);
            }
            Files.createDirectories(database.getParent());
            try {
                Files.createFile(credentials, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(credentials);
            }
            Files.writeString(credentials, password, StandardCharsets.UTF_8);
            return password;
        } catch (FileAlreadyExistsException raced) {
            return password(database);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the event store's credentials in " + credentials, e);
        }
    }

    private static void setPassword(Path database, String password) {
        try (Connection connection = DriverManager.getConnection(JDBC_FILE + database + ";AUTO_SERVER=TRUE", USER,
                "");
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER " + USER + " SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give the event store " + database + " a password: "
                    + e.getMessage(), e);
        }
    }
}
