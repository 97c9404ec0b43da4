package livechat.api.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import livechat.api.ChatClient;
import livechat.api.TestFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an agent does to a conversation from the console (a canned response by its key, an internal note the visitor
 * never sees, a tag, a transfer, a close) and what a visitor does in the widget (a file attached and downloaded by the
 * agent, the end of the chat and its rating).
 */
class ConsoleActionsTest extends BrowserTest {

    @Test
    void anAgentWorksAConversationAndTheVisitorRatesIt() {
        ChatClient chat = withAgent("dora", "general", "ONLINE");
        chat.agent("eve", List.of("general"), 2, "OFFLINE");
        chat.put(ChatClient.SUPERVISOR, "/api/canned-responses/greet",
                Map.of("title", "Greeting", "text", "Hello! How can I help you today?")).expectStatus().isOk();
        ConsoleScreen agent = stage.agent("dora", "dora-password");
        VisitorScreen visitor = stage.visitor();
        String conversationId = visitor.startChat("Refund for order 4711");
        agent.conversation("Refund for order 4711").click();

        agent.reply().fill("/gr");
        assertThat(agent.page.locator("#suggestions")).containsText("/greet — Greeting");
        agent.send("/greet");
        assertThat(visitor.message("How can I help you today?")).containsText("dora");

        agent.page.getByLabel("Internal note").check();
        agent.send("VIP customer, be quick");
        assertThat(agent.message("VIP customer")).containsText("Internal note");
        assertThat(agent.message("VIP customer")).hasClass("message mine note");

        agent.page.getByLabel("Tag", new Page.GetByLabelOptions().setExact(true)).fill("refund");
        agent.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add")).click();
        assertThat(agent.page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Tags")))
                .containsText("refund");

        // Named and declared as text: the server stores it as the PNG its bytes are.
        visitor.page.getByLabel("Attach files").setInputFiles(new FilePayload("receipt.png", "text/plain",
                TestFiles.png()));
        assertThat(visitor.page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Files to send")))
                .containsText("receipt.png");
        visitor.send("Here is my receipt.");
        assertThat(agent.message("Here is my receipt.")).containsText("receipt.png (70 B)");
        assertThat(visitor.log().locator("li.message")).hasCount(2);
        Download download = agent.page.waitForDownload(() -> agent.message("Here is my receipt.")
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("📎 receipt.png")).click());
        assertThat(download.suggestedFilename()).isEqualTo("receipt.png");
        assertThat(readAll(download)).isEqualTo(TestFiles.png());
        Chromium.screenshot(agent.page, "console-actions");

        chat.status("eve", "ONLINE").expectStatus().isOk();
        // The console lists the colleagues the agent directory shows online, a read model a moment behind.
        await().until(() -> "ONLINE".equals(chat.agentProfile("eve").get("status")));
        Locator colleague = agent.page.getByLabel("Transfer to");
        colleague.focus();
        colleague.selectOption("eve");
        agent.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Transfer")).click();
        await().until(() -> "eve".equals(chat.conversation(ChatClient.SUPERVISOR, conversationId)
                .get("assignedAgentId")));
        assertThat(visitor.state()).hasText("You are chatting with eve.");

        visitor.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("End chat")).click();
        assertThat(visitor.page.getByText("How was this chat?")).isVisible();
        visitor.page.getByLabel("5 stars").check();
        visitor.page.getByLabel("Anything to add? (optional)").fill("Quick and kind.");
        visitor.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send rating")).click();
        assertThat(visitor.state()).hasText("Thank you for your rating!");
        Chromium.screenshot(visitor.page, "widget-rated");

        String second = chat.startConversation("visitor:v-second", "Second question", "general");
        await().until(() -> "dora".equals(chat.conversation(ChatClient.SUPERVISOR, second).get("assignedAgentId")));
        agent.conversation("Second question").click();
        agent.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Close conversation")).click();
        await().until(() -> "CLOSED".equals(chat.conversation(ChatClient.SUPERVISOR, second).get("status")));
        assertThat(agent.notifications()).hasSize(2);
    }

    private static byte[] readAll(Download download) {
        try (InputStream bytes = download.createReadStream()) {
            return bytes.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
