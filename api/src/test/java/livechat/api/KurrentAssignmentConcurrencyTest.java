package livechat.api;

import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/** The capacity test with the event log on KurrentDB (the in-process protocol double). */
class KurrentAssignmentConcurrencyTest extends AssignmentConcurrencyTest {

    private KurrentDbDouble kurrent;

    @Override
    LivechatServer startServer(Path dataDir) {
        kurrent = KurrentDbDouble.start();
        return LivechatServer.start(dataDir, "--livechat.routing.automatic=false",
                "--livechat.eventstore=" + kurrent.connectionString());
    }

    @Override
    @AfterEach
    void stop() {
        super.stop();
        kurrent.close();
    }
}
