package livechat.api.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import livechat.api.ChatClient;
import livechat.api.LivechatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The visitor widget in a real browser, embedded with its one tag on a shop's page of another origin: the visitor
 * starts a chat and writes with the keyboard alone, and reads the agent's answer and receipt as they come.
 */
class WidgetTest {

    @TempDir
    static Path data;
    private static HostPage shop;
    private static LivechatServer server;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.installed(), "no Chromium at " + Chromium.EXECUTABLE);
        shop = new HostPage();
        server = LivechatServer.start(data, "--livechat.sites.shop.origins=" + shop.origin());
        shop.embedding(server.baseUrl(), "shop");
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable each : new AutoCloseable[]{chromium, server, shop}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception ignored) {
                // the others are closed all the same
            }
        }
    }

    @Test
    void aVisitorOnAnotherSiteStartsAChatSendsAndReceivesByKeyboard() {
        ChatClient chat = server.chat();
        chat.agent("ada", List.of("general"), 2, "ONLINE");
        Page visitor = chromium.newPerson();
        visitor.navigate(shop.url());

        Locator launcher = visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat with us"));
        assertThat(launcher).isVisible();
        visitor.keyboard().press("Tab");
        assertThat(launcher).isFocused();
        visitor.keyboard().press("Enter");
        Locator topic = visitor.getByLabel("What can we help you with?");
        assertThat(topic).isFocused();
        visitor.keyboard().type("Where is my parcel?");
        visitor.keyboard().press("Enter");
        Locator message = visitor.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message"));
        assertThat(message).isFocused();
        visitor.keyboard().type("Hello, order 4711 has not arrived.");
        visitor.keyboard().press("Enter");

        Locator log = visitor.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Messages"));
        assertThat(log.locator("li", new Locator.LocatorOptions().setHasText("order 4711"))).containsText("Sent");
        String conversationId = (String) visitor.evaluate("() => JSON.parse(Object.entries(localStorage)"
                + ".find(([key]) => key.endsWith(':chat'))[1]).conversationId");
        chat.awaitHolding("ada", conversationId);
        assertThat(visitor.getByRole(AriaRole.STATUS)).hasText("You are chatting with ada.");

        long answer = chat.sendNew("agent:ada", conversationId, "a-1", "Let me check that for you.");
        chat.post("agent:ada", "/api/conversations/{id}/seen", Map.of("upToSequence", answer), conversationId)
                .expectStatus().isOk();
        assertThat(log.locator("li", new Locator.LocatorOptions().setHasText("Let me check"))).containsText("ada");
        assertThat(log.locator("li", new Locator.LocatorOptions().setHasText("order 4711"))).containsText("Seen");
        Chromium.screenshot(visitor, "widget-chat");

        visitor.reload();
        assertThat(visitor.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Messages"))
                .locator("li")).hasCount(2);
    }
}
