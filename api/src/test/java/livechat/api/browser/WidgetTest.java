package livechat.api.browser;

import livechat.api.ChatClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The visitor widget in a real browser, embedded with its one tag on a shop's page of another origin: the visitor
 * starts a chat and writes with the keyboard alone, and reads the agent's answer and receipt as they come.
 */
class WidgetTest extends BrowserTest {

    @Test
    void aVisitorOnAnotherSiteStartsAChatSendsAndReceivesByKeyboard() {
        ChatClient chat = withAgent("ada", "general", "ONLINE");
        VisitorScreen visitor = stage.visitor();

        assertThat(visitor.launcher()).isVisible();
        visitor.page.keyboard().press("Tab");
        assertThat(visitor.launcher()).isFocused();
        visitor.page.keyboard().press("Enter");
        assertThat(visitor.topic()).isFocused();
        visitor.page.keyboard().type("Where is my parcel?");
        visitor.page.keyboard().press("Enter");
        assertThat(visitor.messageBox()).isFocused();
        visitor.page.keyboard().type("Hello, order 4711 has not arrived.");
        visitor.page.keyboard().press("Enter");

        assertThat(visitor.message("order 4711")).containsText("Sent");
        String conversationId = visitor.conversationId();
        chat.awaitHolding("ada", conversationId);
        assertThat(visitor.state()).hasText("You are chatting with ada.");

        long answer = chat.sendNew("agent:ada", conversationId, "a-1", "Let me check that for you.");
        chat.post("agent:ada", "/api/conversations/{id}/seen", Map.of("upToSequence", answer), conversationId)
                .expectStatus().isOk();
        assertThat(visitor.message("Let me check")).containsText("ada");
        assertThat(visitor.message("order 4711")).containsText("Seen");
        Chromium.screenshot(visitor.page, "widget-chat");

        visitor.page.keyboard().press("Escape");
        assertThat(visitor.launcher()).isFocused();
        visitor.page.reload();
        visitor.launcher().click();
        assertThat(visitor.log().locator("li")).hasCount(2);
    }
}
