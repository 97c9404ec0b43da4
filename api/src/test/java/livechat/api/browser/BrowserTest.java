package livechat.api.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A browser test class: one {@link Stage} (server, shop page, Chromium) for all its tests, skipped without Chromium. */
abstract class BrowserTest {

    @TempDir
    static Path data;
    static Stage stage;

    @BeforeAll
    static void startStage() throws Exception {
        stage = Stage.start(data);
    }

    @AfterAll
    static void stopStage() {
        if (stage != null) {
            stage.close();
            stage = null;
        }
    }
}
