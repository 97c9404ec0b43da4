package livechat.api.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import livechat.api.ChatClient;
import livechat.api.EventAppender;
import livechat.api.TestTokens;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.tools.LivechatTool;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor's dashboard and the audit desk in Chromium: a chart follows a conversation that is closed and rated;
 * an auditor finds a conversation, reads its trail and verification, downloads its bundle (which
 * {@code livechat-tool audit check} accepts) and sees a dispute a supervisor then resolves; a search finding more
 * than a page of conversations shows the rest when asked.
 */
class StaffScreensTest extends BrowserTest {

    private static final Pattern TODAY_AT_100 = Pattern.compile(".*,100]]$");

    @Test
    void theSupervisorsCsatChartChangesOnceAConversationIsClosedAndRated() throws Exception {
        ChatClient chat = withAgent("dora", "general", "ONLINE");
        // Signed in at the console, the supervisor follows its link: the screens share the tab's sign-in.
        Page supervisor = signIn("/", "sam", "supervisor");
        supervisor.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Supervisor's dashboard")).click();
        Locator csat = supervisor.getByRole(AriaRole.FIGURE, new Page.GetByRoleOptions().setName("CSAT"));
        assertThat(supervisor.getByLabel("Figures of")).hasValue("");
        supervisor.getByLabel("Figures of").selectOption("dora");
        assertThat(csat.locator("canvas")).isVisible();
        // data-values: the chart's series, one value a day of the range, today last.
        assertThat(csat).not().hasAttribute("data-values", TODAY_AT_100);

        String visitor = "visitor:v-rates";
        String conversationId = answered(chat, visitor, "dora", "general", "Where is my parcel?");
        chat.post("agent:dora", "/api/conversations/{id}/close", Map.of("reason", "answered"), conversationId)
                .expectStatus().isOk();
        chat.post(visitor, "/api/conversations/{id}/rating", Map.of("score", 5), conversationId)
                .expectStatus().is2xxSuccessful();

        assertThat(csat).hasAttribute("data-values", TODAY_AT_100);
        assertThat(table(supervisor, "Per day").locator("tbody tr").last()).containsText("100");
        assertThat(table(supervisor, "Leaderboard").locator("tbody tr").first()).containsText("dora");
        supervisor.getByLabel("Figures of").selectOption("");
        assertThat(supervisor.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions()
                .setName(Pattern.compile("^Per day · the whole team")))).isVisible();
        assertThat(csat).hasAttribute("data-values", TODAY_AT_100);
        Chromium.screenshotWhole(supervisor, "supervisor-dashboard");

        Download leaderboard = supervisor.waitForDownload(() -> supervisor.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download Leaderboard as CSV")).click());
        assertThat(read(leaderboard)).startsWith("Agent,Name,Closed,First response median (s),")
                .contains("\r\ndora,Agent dora,1,");
    }

    @Test
    void anAuditorDownloadsABundleTheToolAcceptsAndOnlyASupervisorResolvesTheDispute() throws Exception {
        ChatClient chat = withAgent("ida", "billing", "ONLINE");
        String visitor = "visitor:v-disputes";
        String conversationId = answered(chat, visitor, "ida", "billing", "Charged twice");
        chat.post("agent:ida", "/api/conversations/{id}/tags", Map.of("tag", "billing"), conversationId)
                .expectStatus().is2xxSuccessful();
        String disputeId = (String) chat.post(visitor, "/api/conversations/{id}/disputes",
                        Map.of("reason", "The refund never came"), conversationId)
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("disputeId");
        chat.post(visitor, "/api/conversations/{id}/disputes/{disputeId}/evidence",
                Map.of("note", "Bank statement of 3 December"), conversationId, disputeId).expectStatus().isCreated();

        Page auditor = signIn("/audit.html", "ava", "auditor");
        auditor.getByLabel("Agent", new Page.GetByLabelOptions().setExact(true)).fill("ida");
        auditor.getByLabel("Tag", new Page.GetByLabelOptions().setExact(true)).fill("billing");
        auditor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find")).click();
        Locator found = table(auditor, "Conversations").locator("tbody tr");
        assertThat(found).hasCount(1);
        assertThat(found).containsText("Charged twice");
        found.getByRole(AriaRole.BUTTON).click();
        assertThat(auditor.getByRole(AriaRole.STATUS)).containsText("The chain holds");
        assertThat(table(auditor, "Events").locator("tbody tr").first()).containsText("ConversationStarted");

        Download download = auditor.waitForDownload(() -> auditor.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download export bundle")).click());
        Path bundle = Chromium.ARTIFACTS.resolve(download.suggestedFilename());
        download.saveAs(bundle);
        assertThat(bundle.getFileName().toString()).isEqualTo("audit-" + conversationId + ".zip");
        assertThat(LivechatTool.commandLine().execute("audit", "check", bundle.toString())).isZero();

        Locator disputes = table(auditor, "Disputes");
        assertThat(disputes).containsText("The refund never came");
        assertThat(disputes).containsText("Bank statement of 3 December");
        assertThat(auditor.getByLabel("Resolve dispute")).hasCount(0);
        chat.post("auditor:ava", "/api/conversations/{id}/disputes/{disputeId}/resolution",
                Map.of("outcome", "upheld"), conversationId, disputeId).expectStatus().isForbidden();
        Chromium.screenshotWhole(auditor, "audit-desk");

        Page supervisor = signIn("/audit.html", "sam", "supervisor");
        supervisor.getByLabel("Resolve dispute").selectOption(conversationId + "/" + disputeId);
        supervisor.getByLabel("Outcome").selectOption("upheld");
        supervisor.getByLabel("Note").fill("Refunded again by hand");
        supervisor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resolve")).click();
        Locator resolved = table(supervisor, "Disputes").locator("tbody tr", new Locator.LocatorOptions()
                .setHasText("The refund never came"));
        assertThat(resolved).containsText("RESOLVED");
        assertThat(resolved).containsText("upheld");
        assertThat(resolved).containsText("Refunded again by hand");
        Chromium.screenshotWhole(supervisor, "audit-desk-supervisor");
    }

    @Test
    void theAuditDeskShowsMoreThanAPageOfConversationsOnAsking() {
        EventAppender log = new EventAppender(stage.server().bean(EventStore.class));
        String agent = "pager-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.parse("2026-11-02T09:00:00Z");
        for (int n = 0; n <= 100; n++) {
            String conversation = "c-" + UUID.randomUUID();
            log.conversation(conversation, "visitor:v-page" + n, start.plusSeconds(n), new ConversationStarted(
                    conversation, "v-page" + n, "Page " + n, null));
            log.conversation(conversation, "system:routing", start.plusSeconds(n), new AgentAssigned(conversation,
                    agent, "r-page" + n, Actor.system("routing")));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> stage.server().client().get()
                .uri("/api/transcripts?agent={agent}&limit=1000", agent).headers(stage.server().as("auditor:ava"))
                .exchange().expectBody(String.class).returnResult().getResponseBody().contains("Page 100"));

        Page auditor = signIn("/audit.html", "ava", "auditor");
        Locator found = table(auditor, "Conversations").locator("tbody tr");
        Locator more = auditor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show more"));
        auditor.getByLabel("Agent", new Page.GetByLabelOptions().setExact(true)).fill(agent);
        auditor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find")).click();
        assertThat(found).hasCount(100);
        assertThat(found.last()).containsText("Page 99");
        more.click();
        assertThat(found).hasCount(101);
        assertThat(found.last()).containsText("Page 100");
        assertThat(more).isHidden();
    }

    /** A conversation routed to {@code agentId}, in which the visitor wrote and the agent answered. */
    private static String answered(ChatClient chat, String visitor, String agentId, String skill, String topic) {
        String conversationId = chat.startConversation(visitor, topic, skill);
        chat.awaitHolding(agentId, conversationId);
        chat.sendNew(visitor, conversationId, "question", "About: " + topic);
        chat.sendNew("agent:" + agentId, conversationId, "answer", "Let me look into it.");
        return conversationId;
    }

    private static Locator table(Page page, String caption) {
        return page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName(caption));
    }

    private static String read(Download download) throws Exception {
        return Files.readString(download.path());
    }

    private Page signIn(String path, String username, String role) {
        stage.server().tokens().staff(username, role);
        Page page = stage.chromium.newPerson();
        page.navigate(stage.server().baseUrl() + path);
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(TestTokens.passwordOf(username));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        return page;
    }
}
