package livechat.api.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The shop's page with the chat widget, as a visitor uses it: by the names a screen reader announces. */
final class VisitorScreen {

    final Page page;

    VisitorScreen(Page page, String url) {
        this.page = page;
        page.navigate(url);
    }

    Locator launcher() {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat with us"));
    }

    Locator topic() {
        return page.getByLabel("What can we help you with?");
    }

    Locator messageBox() {
        return page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Message").setExact(true));
    }

    Locator log() {
        return page.getByRole(AriaRole.LOG, new Page.GetByRoleOptions().setName("Messages"));
    }

    /** The message holding {@code text}, as shown in the log. */
    Locator message(String text) {
        return log().locator("li", new Locator.LocatorOptions().setHasText(text));
    }

    Locator typing() {
        return page.locator(".typing");
    }

    Locator state() {
        return page.getByRole(AriaRole.STATUS);
    }

    /** Opens the widget, starts a chat about {@code topic} and answers its conversation id. */
    String startChat(String topic) {
        launcher().click();
        topic().fill(topic);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start chat")).click();
        assertThat(messageBox()).isFocused();
        return conversationId();
    }

    void send(String text) {
        messageBox().fill(text);
        messageBox().press("Enter");
    }

    String conversationId() {
        return (String) page.evaluate("() => JSON.parse(Object.entries(localStorage)"
                + ".find(([key]) => key.endsWith(':chat'))[1]).conversationId");
    }

    /** The widget's list of messages, where elements are added as they arrive. */
    static final String LOG = "document.querySelector('livechat-widget').shadowRoot.querySelector('ol.log')";

    /** Submits {@code text} at once, the way a press of Enter does, and answers when (epoch ms). */
    double submit(String text) {
        return ((Number) page.evaluate("text => { const root = document.querySelector('livechat-widget').shadowRoot;"
                + " root.querySelector('#message').value = text; const at = Date.now();"
                + " root.querySelector('form.composer').requestSubmit(); return at; }", text)).doubleValue();
    }
}
