package livechat.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded stores are closed to other local users: the data folder and its files are the owner's alone, H2's
 * mixed-mode port listens on loopback only, and the event store's user has a password no one else knows.
 */
class DataFolderProtectionTest {

    @Test
    void theDataFolderIsTheOwnersAndTheEventStoreNeedsItsPassword(@TempDir Path parent) throws Exception {
        Path data = parent.resolve("data");
        LivechatServer first = LivechatServer.start(data);
        first.chat().startConversation("visitor:v-1", "Before the restart");
        first.close();
        LivechatServer server = LivechatServer.start(data);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> all = Files.walk(data)) {
                files = all.filter(Files::isRegularFile).toList();
            }
            assertThat(files).extracting(file -> data.relativize(file).toString())
                    .contains("events.mv.db", "events.credentials", "readmodels.mv", "server.lock", "keys/jwks.json");
            assertThat(files).allSatisfy(file -> assertThat(PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));

            Properties lock = new Properties();
            lock.load(new StringReader(Files.readString(data.resolve("events.lock.db"))));
            String[] h2Server = lock.getProperty("server").split(":");
            assertThat(InetAddress.getByName(h2Server[0]).isLoopbackAddress()).as(h2Server[0]).isTrue();
            for (InetAddress external : externalAddresses()) {
                assertThatThrownBy(() -> new Socket(external, Integer.parseInt(h2Server[1])).close())
                        .as("H2's port on " + external).isInstanceOf(ConnectException.class);
            }

            String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("events") + ";AUTO_SERVER=TRUE";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            String password = Files.readString(data.resolve("events.credentials")).strip();
            DriverManager.getConnection(url, "sa", password).close();
        } finally {
            server.close();
        }
    }

    /** This machine's addresses other than loopback ones, where nothing of the embedded stores may listen. */
    private static List<InetAddress> externalAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    }
}
