package livechat.api.browser;

import livechat.api.LivechatServer;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a browser test plays on: the chat server, a shop's page on another origin embedding its widget (site
 * {@code shop}, whose origin the server lists), and Chromium. Without Chromium the test is skipped.
 */
final class Stage implements AutoCloseable {

    final HostPage shop;
    final LivechatServer server;
    final Chromium chromium;

    private Stage(HostPage shop, LivechatServer server, Chromium chromium) {
        this.shop = shop;
        this.server = server;
        this.chromium = chromium;
    }

    static Stage start(Path data) throws IOException {
        assumeTrue(Chromium.installed(), "no Chromium at " + Chromium.EXECUTABLE);
        HostPage shop = new HostPage();
        LivechatServer server = null;
        try {
            server = LivechatServer.start(data, "--livechat.sites.shop.origins=" + shop.origin());
            shop.embedding(server.baseUrl(), "shop");
            return new Stage(shop, server, Chromium.launch());
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            shop.close();
            throw e;
        }
    }

    VisitorScreen visitor() {
        return new VisitorScreen(chromium.newPerson(), shop.url());
    }

    ConsoleScreen agent(String username, String password) {
        return new ConsoleScreen(chromium.newPerson(), server.baseUrl() + "/", username, password);
    }

    @Override
    public void close() {
        try (HostPage page = shop; LivechatServer chat = server) {
            chromium.close();
        }
    }
}
