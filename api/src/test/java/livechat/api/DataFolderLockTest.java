package livechat.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A second server on a data folder in use stops at once and says which folder, held by which process. */
@ServerTest
class DataFolderLockTest {

    @Test
    void aSecondServerOnTheSameDataFolderStopsNamingTheFolderAndTheHoldersPid(LivechatServer server) throws Exception {
        Path folder = server.dataDir().toAbsolutePath().normalize();
        Path log = Files.createTempFile("livechat-second-server-", ".log");
        Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LivechatApplication.class.getName(),
                "--server.port=0", "--livechat.data-dir=" + folder, "--livechat.mongodb.embedded-port=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second server stops by itself").isTrue();
            String output = Files.readString(log);
            assertThat(second.exitValue()).as(output).isNotZero();
            assertThat(output).contains("The data folder " + folder + " is in use by another livechat server (PID "
                    + ProcessHandle.current().pid() + ").").doesNotContain("\tat ");
        } finally {
            second.destroyForcibly();
            Files.deleteIfExists(log);
        }
        server.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}
