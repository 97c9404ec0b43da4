package livechat.api.browser;

import livechat.api.ChatClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The visitor widget in a real browser, embedded with its one tag on a shop's page of another origin: the visitor
 * starts a chat and writes with the keyboard alone, and reads the agent's answer and receipt as they come.
 */
class WidgetTest extends BrowserTest {

    @Test
    void aVisitorOnAnotherSiteStartsAChatSendsAndReceivesByKeyboard() {
        ChatClient chat = withAgent("ada", "general", "ONLINE");
        List<String> loaded = new CopyOnWriteArrayList<>();
        VisitorScreen visitor = stage.visitor(page -> page.onResponse(response -> {
            if (response.url().startsWith(stage.server().baseUrl()) && !response.url().contains("/api/")) {
                loaded.add(response.url());
            }
        }));

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

        reportSize(loaded);

        visitor.page.keyboard().press("Escape");
        assertThat(visitor.launcher()).isFocused();
        visitor.page.reload();
        visitor.launcher().click();
        assertThat(visitor.log().locator("li")).hasCount(2);
    }

    /** The widget's files as the page loaded them, and their size compressed as a server would send them. */
    private static void reportSize(List<String> loaded) {
        long plain = 0;
        long compressed = 0;
        for (String url : loaded.stream().distinct().toList()) {
            byte[] body = stage.server().client().get().uri(url).exchange().expectStatus().isOk()
                    .expectBody(byte[].class).returnResult().getResponseBody();
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
                gzip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            plain += body.length;
            compressed += gzipped.size();
        }
        Latency.report(String.format(Locale.ROOT, "widget script and styles: %d files, %d bytes, %d bytes gzipped"
                + " (%.2f of the 50 KB budget)", loaded.stream().distinct().count(), plain, compressed,
                compressed / 51200.0));
    }
}
