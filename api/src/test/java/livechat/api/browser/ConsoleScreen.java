package livechat.api.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The agent console, signed in, as an agent uses it. Browser notifications are granted and recorded. */
final class ConsoleScreen {

    final Page page;

    ConsoleScreen(Page page, String url, String username, String password) {
        this.page = page;
        page.context().grantPermissions(List.of("notifications"));
        page.addInitScript("window.notified = []; const Shown = window.Notification;"
                + " window.Notification = class extends Shown { constructor(title, options) {"
                + " super(title, options); window.notified.push(options.body); } };");
        page.navigate(url);
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("My conversations")))
                .isVisible();
    }

    Locator status(String name) {
        return page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(name));
    }

    /** The button of a conversation I hold, in the list. */
    Locator conversation(String topic) {
        return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("My conversations"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(topic));
    }

    Locator queue() {
        return page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Queue"));
    }

    Locator log() {
        return page.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Transcript"));
    }

    Locator message(String text) {
        return log().locator("li", new Locator.LocatorOptions().setHasText(text));
    }

    Locator reply() {
        return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Reply"));
    }

    Locator typing() {
        return page.locator(".typing");
    }

    void send(String text) {
        reply().fill(text);
        reply().press("Enter");
    }

    @SuppressWarnings("unchecked")
    List<String> notifications() {
        return (List<String>) page.evaluate("() => window.notified");
    }

    static final String LOG = "document.querySelector('ol.log')";

    double submit(String text) {
        return ((Number) page.evaluate("text => { document.querySelector('#reply').value = text;"
                + " const at = Date.now(); document.querySelector('form.composer').requestSubmit(); return at; }",
                text)).doubleValue();
    }
}
