package livechat.api.browser;

import com.microsoft.playwright.assertions.PlaywrightAssertions;
import livechat.api.ChatClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** A browser test class: one {@link Stage} (server, shop page, Chromium) for all its tests, skipped without Chromium. */
abstract class BrowserTest {

    @TempDir
    static Path data;
    static Stage stage;

    @BeforeAll
    static void startStage() throws Exception {
        stage = Stage.start(data);
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    /** An API client of the server, after a supervisor registered {@code agentId} (capacity 2) in {@code status}. */
    static ChatClient withAgent(String agentId, String skill, String status) {
        ChatClient chat = stage.server().chat();
        chat.agent(agentId, List.of(skill), 2, status);
        return chat;
    }

    @AfterAll
    static void stopStage() {
        if (stage != null) {
            stage.close();
            stage = null;
        }
    }
}
