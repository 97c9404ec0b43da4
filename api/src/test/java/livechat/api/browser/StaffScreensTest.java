package livechat.api.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import livechat.api.ChatClient;
import livechat.api.TestTokens;
import livechat.tools.LivechatTool;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The supervisor's dashboard and the audit desk in Chromium: a chart follows a conversation that is closed and rated;
 * an auditor finds a conversation, reads its trail and verification, downloads its bundle (which
 * {@code livechat-tool audit check} accepts) and sees a dispute a supervisor then resolves.
 */
class StaffScreensTest extends BrowserTest {

    private static final Pattern TODAY_AT_100 = Pattern.compile(".*,100]]$");

    @Test
    void theSupervisorsCsatChartChangesOnceAConversationIsClosedAndRated() {
        ChatClient chat = withAgent("dora", "general", "ONLINE");
        Page supervisor = signIn("/supervisor.html", "sam", "supervisor");
        Locator csat = supervisor.getByRole(AriaRole.FIGURE, new Page.GetByRoleOptions().setName("CSAT"));
        assertThat(supervisor.getByLabel("Agent to chart")).hasValue("dora");
        assertThat(csat.locator("canvas")).isVisible();
        // data-values: the chart's series, one value a day of the range, today last.
        assertThat(csat).not().hasAttribute("data-values", TODAY_AT_100);

        String visitor = "visitor:v-rates";
        String conversationId = chat.startConversation(visitor, "Where is my parcel?", "general");
        chat.awaitHolding("dora", conversationId);
        chat.sendNew(visitor, conversationId, "v-1", "It has not come yet.");
        chat.sendNew("agent:dora", conversationId, "d-1", "It left the warehouse today.");
        chat.post("agent:dora", "/api/conversations/{id}/close", Map.of("reason", "answered"), conversationId)
                .expectStatus().isOk();
        chat.post(visitor, "/api/conversations/{id}/rating", Map.of("score", 5), conversationId)
                .expectStatus().is2xxSuccessful();

        assertThat(csat).hasAttribute("data-values", TODAY_AT_100);
        Locator days = supervisor.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Per day"));
        assertThat(days.locator("tbody tr").last()).containsText("100");
        assertThat(supervisor.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Leaderboard"))
                .locator("tbody tr").first()).containsText("dora");
        Chromium.screenshotWhole(supervisor, "supervisor-dashboard");
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
