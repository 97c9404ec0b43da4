package livechat.api.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import livechat.api.ChatClient;
import livechat.api.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the console takes to open for an agent with 200 conversations in their history (the last 50 still held,
 * a full capacity), against an agent with one: reported to target/browser/measurements.txt, never asserted.
 */
class ConsoleOpeningTest extends BrowserTest {

    private static final int ROUNDS = 4;
    private static final int CAPACITY = 50;
    private static final int OPENINGS = 5;

    @Test
    void theConsoleOpensWithTwoHundredConversationsInTheAgentsHistory() {
        ChatClient chat = stage.server().chat();
        chat.agent("bea", List.of("solo"), 1, "ONLINE");
        chat.awaitHolding("bea", chat.startConversation("visitor:v-solo", "The only one", "solo"));
        chat.agent("hal", List.of("busy"), CAPACITY, "ONLINE");
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            List<String> started = IntStream.range(0, CAPACITY).mapToObj(i -> chat.startConversation(
                    "visitor:v-" + r + "-" + i, "Question " + r + "-" + i, "busy")).toList();
            chat.awaitHolding("hal", started.toArray(String[]::new));
            if (round < ROUNDS - 1) {
                started.forEach(id -> chat.post("agent:hal", "/api/conversations/{id}/close",
                        Map.of("reason", "answered"), id).expectStatus().isOk());
            }
        }

        double one = medianOpening("bea", 1, null);
        double many = medianOpening("hal", CAPACITY, "console-200-in-history");
        Latency.report(String.format(Locale.ROOT, "console opening (navigation start until My conversations lists "
                + "every held one), median of %d: 1 conversation in history %.0f ms; %d in history, %d held %.0f ms;"
                + " ratio %.2f", OPENINGS, one, ROUNDS * CAPACITY, CAPACITY, many, many / one));
    }

    /** Milliseconds from navigation start until the list shows all {@code held}, the median of OPENINGS reloads. */
    private static double medianOpening(String agent, int held, String screenshot) {
        Page page = stage.chromium.newPerson();
        page.navigate(stage.server().baseUrl() + "/");
        page.getByLabel("Username").fill(agent);
        page.getByLabel("Password").fill(TestTokens.passwordOf(agent));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        String listed = "n => document.querySelectorAll('[aria-labelledby=mine-heading] li button').length === n";
        page.waitForFunction(listed, held);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < OPENINGS; i++) {
            page.reload();
            page.waitForFunction(listed, held);
            times.add(((Number) page.evaluate("() => performance.now()")).doubleValue());
        }
        assertThat(page.locator("[aria-labelledby=mine-heading] li button").count()).isEqualTo(held);
        if (screenshot != null) {
            Chromium.screenshot(page, screenshot);
        }
        page.context().close();
        return times.stream().sorted().toList().get(OPENINGS / 2);
    }
}
