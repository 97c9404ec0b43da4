package livechat.api.browser;

import livechat.api.ChatClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flaky network and a server restart lose or repeat no message on either screen: unsent messages wait in the
 * screen's queue and are sent again under their clientMessageId, and the streams resume after the last sequence each
 * screen received.
 */
class ReconnectTest extends BrowserTest {

    @Test
    void aSendWhoseAnswerIsLostIsSentAgainAndShownOnce() {
        ChatClient chat = withAgent("bob", "general", "ONLINE");
        VisitorScreen visitor = stage.visitor();
        String conversationId = visitor.startChat("Lost answers");
        AtomicBoolean lost = new AtomicBoolean();
        // The first send reaches the server, which writes the message; its answer never reaches the page.
        visitor.page.context().route("**/api/conversations/*/messages", route -> {
            if (lost.compareAndSet(false, true)) {
                route.fetch();
                route.abort();
            } else {
                route.resume();
            }
        });
        visitor.send("Is anyone there?");
        assertThat(visitor.message("Is anyone there?")).containsText("Sent");
        assertThat(lost).isTrue();
        assertThat(visitor.log().locator("li")).hasCount(1);
        // Bob reads the transcript once routing has assigned him the conversation.
        await().untilAsserted(() -> assertThat(chat.messages("agent:bob", conversationId))
                .extracting(m -> m.get("text")).containsExactly("Is anyone there?"));
    }

    @Test
    void aServerRestartMidChatLosesAndRepeatsNothingOnEitherScreen() {
        ChatClient chat = withAgent("cleo", "restarts", "OFFLINE");
        ConsoleScreen agent = stage.agent("cleo", "cleo-password");
        agent.status("Online").check();
        await().until(() -> "ONLINE".equals(chat.agentProfile("cleo").get("status")));
        VisitorScreen visitor = stage.visitor();
        String conversationId = visitor.startChat("Restart");
        visitor.send("before 1");
        agent.conversation("Restart").click();
        agent.send("before 2");
        assertThat(visitor.message("before 2")).isVisible();

        stage.restart(() -> {
            visitor.send("during 1");
            visitor.send("during 2");
            agent.send("during 3");
            assertThat(visitor.message("during 2")).containsText("Waiting to send");
            assertThat(agent.message("during 3")).isVisible();
            Chromium.screenshot(visitor.page, "widget-server-down");
            Chromium.screenshot(agent.page, "console-server-down");
        });

        visitor.send("after 1");
        List<String> texts = List.of("before 1", "before 2", "during 1", "during 2", "during 3", "after 1");
        ChatClient restarted = stage.server().chat();
        List<Object> stored = await().atMost(Duration.ofSeconds(60)).until(() -> restarted.messages("agent:cleo", conversationId).stream()
                .map(m -> m.get("text")).toList(), found -> found.size() == texts.size());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(texts);
        String[] order = stored.stream().map(String::valueOf).toArray(String[]::new);
        assertThat(visitor.log().locator("li.message")).containsText(order);
        assertThat(visitor.log().locator("li.pending")).hasCount(0);
        assertThat(agent.log().locator("li.message")).containsText(order);
        assertThat(agent.log().locator("li.pending")).hasCount(0);
        Chromium.screenshot(visitor.page, "widget-after-restart");
        Chromium.screenshot(agent.page, "console-after-restart");
    }
}
