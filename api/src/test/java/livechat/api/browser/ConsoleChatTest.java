package livechat.api.browser;

import livechat.api.ChatClient;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A visitor in the widget on the shop's page and an agent in the console, two people in two browser contexts, chat
 * end to end: each sees the other typing and the other's receipts. The agent goes online, away and back, sees the
 * queue of their skills, and is notified of each new assignment.
 */
class ConsoleChatTest extends BrowserTest {

    @Test
    void aVisitorAndAnAgentChatSeeingEachOthersTypingAndReceipts() {
        ChatClient chat = withAgent("ada", "general", "OFFLINE");
        ConsoleScreen agent = stage.agent("ada", "ada-password");
        assertThat(agent.status("Offline")).isChecked();
        agent.status("Online").check();
        await().until(() -> "ONLINE".equals(chat.agentProfile("ada").get("status")));

        VisitorScreen visitor = stage.visitor();
        visitor.startChat("Where is my parcel?");
        visitor.send("Hello, order 4711 has not arrived.");
        assertThat(agent.conversation("Where is my parcel? 1 unread")).isVisible();
        assertThat(agent.notifications()).containsExactly("New conversation: Where is my parcel?");

        agent.conversation("Where is my parcel?").click();
        assertThat(agent.message("order 4711")).containsText("Visitor");
        assertThat(visitor.message("order 4711")).containsText("Seen");
        assertThat(agent.conversation("Where is my parcel?")).hasAccessibleName("Where is my parcel?");

        agent.reply().pressSequentially("Let me");
        assertThat(visitor.typing()).hasText("The agent is typing…");
        agent.send("Let me check that for you.");
        assertThat(visitor.message("Let me check")).containsText("ada");
        assertThat(visitor.typing()).hasText("");
        assertThat(agent.message("Let me check")).containsText("Seen");

        visitor.messageBox().pressSequentially("Thank");
        assertThat(agent.typing()).hasText("The visitor is typing…");
        visitor.send("Thank you!");
        assertThat(agent.message("Thank you!")).isVisible();
        assertThat(visitor.message("Thank you!")).containsText("Seen");
        Chromium.screenshot(visitor.page, "visitor-chat");
        Chromium.screenshot(agent.page, "console-chat");

        measureDelivery(visitor, agent, chat, visitor.conversationId());

        agent.status("Away").check();
        await().until(() -> "AWAY".equals(chat.agentProfile("ada").get("status")));
        String waiting = chat.startConversation("visitor:v-queued", "Invoice address", "general");
        assertThat(agent.queue()).containsText("Invoice address");
        Chromium.screenshot(agent.page, "console-queue");
        agent.status("Online").check();
        assertThat(agent.conversation("Invoice address")).isVisible();
        assertThat(agent.queue()).containsText("Nobody is waiting.");
        assertThat(agent.notifications()).hasSize(2);
        assertThat(chat.conversation("agent:ada", waiting).get("assignedAgentId")).isEqualTo("ada");
    }

    /**
     * How long a message typed in one screen takes to show in the other, both ways, measured in the browsers (both
     * pages read the same clock); and, as the baseline of the same run, the server's own path: an API client's send
     * to an API client's stream.
     */
    private static void measureDelivery(VisitorScreen visitor, ConsoleScreen agent, ChatClient chat,
                                        String conversationId) {
        watchArrivals(agent.page, ConsoleScreen.LOG);
        watchArrivals(visitor.page, VisitorScreen.LOG);
        Latency toAgent = new Latency("widget to console");
        Latency toVisitor = new Latency("console to widget");
        for (int i = 0; i < 40; i++) {
            String question = "question " + i;
            double sent = visitor.submit(question);
            toAgent.add(arrival(agent.page, question) - sent);
            String answer = "answer " + i;
            sent = agent.submit(answer);
            toVisitor.add(arrival(visitor.page, answer) - sent);
        }
        Latency api = new Latency("API client to API stream");
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        Disposable stream = WebClient.create(stage.server().baseUrl()).get()
                .uri("/api/conversations/{id}/stream?after=-1", conversationId).headers(chat.as("agent:ada"))
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() {
                })
                .filter(event -> "message".equals(event.event()))
                .subscribe(event -> arrived.putIfAbsent(String.valueOf(event.data().get("text")),
                        System.nanoTime()));
        try {
            for (int i = 0; i < 40; i++) {
                String text = "api " + i;
                long sent = System.nanoTime();
                chat.sendNew("agent:ada", conversationId, "api-" + i, text);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> arrived.containsKey(text));
                api.add((arrived.get(text) - sent) / 1e6);
            }
        } finally {
            stream.dispose();
        }
        Latency.report(toAgent.summary());
        Latency.report(toVisitor.summary());
        Latency.report(api.summary());
        Latency.report(String.format(Locale.ROOT, "p99 ratio to the API baseline: widget to console %.2f,"
                + " console to widget %.2f", toAgent.percentile(99) / api.percentile(99),
                toVisitor.percentile(99) / api.percentile(99)));
    }

    private static void watchArrivals(com.microsoft.playwright.Page page, String log) {
        page.evaluate("() => { window.arrivals = {}; const log = " + log + "; const seen = () => {"
                + " for (const text of log.querySelectorAll('li.message:not(.pending) .text')) {"
                + " window.arrivals[text.textContent] ??= Date.now(); } };"
                + " new MutationObserver(seen).observe(log, {childList: true, subtree: true}); }");
    }

    private static double arrival(com.microsoft.playwright.Page page, String text) {
        return ((Number) page.waitForFunction("text => window.arrivals[text]", text).jsonValue()).doubleValue();
    }
}
