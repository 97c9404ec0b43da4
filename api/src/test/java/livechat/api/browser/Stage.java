package livechat.api.browser;

import com.microsoft.playwright.Page;
import livechat.api.LivechatServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a browser test plays on: the chat server, a shop's page on another origin embedding its widget (site
 * {@code shop}, whose origin the server lists), and Chromium. Without Chromium the test is skipped. The server keeps
 * its port, so it can be stopped and started again on the same data under the pages' feet.
 */
final class Stage implements AutoCloseable {

    final HostPage shop;
    final Chromium chromium;
    private final Path data;
    private final String database = "browser-" + UUID.randomUUID().toString().substring(0, 8);
    private final int port;
    private LivechatServer server;

    private Stage(HostPage shop, Path data, int port) {
        this.shop = shop;
        this.data = data;
        this.port = port;
        this.server = serverOnPort();
        try {
            shop.embedding(server.baseUrl(), "shop");
            this.chromium = Chromium.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static Stage start(Path data) throws IOException {
        assumeTrue(Chromium.installed(), "no Chromium at " + Chromium.EXECUTABLE);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        HostPage shop = new HostPage();
        try {
            return new Stage(shop, data, port);
        } catch (RuntimeException e) {
            shop.close();
            throw e;
        }
    }

    LivechatServer server() {
        return server;
    }

    /** Stops the server, does {@code whileDown}, and starts it again on the same port and data. */
    void restart(Runnable whileDown) {
        server.close();
        whileDown.run();
        server = serverOnPort();
    }

    private LivechatServer serverOnPort() {
        return LivechatServer.startOn(data, database, "--server.port=" + port,
                "--livechat.sites.shop.origins=" + shop.origin());
    }

    VisitorScreen visitor() {
        return visitor(page -> {
        });
    }

    /** A visitor whose page is first handed to {@code watch}, before it loads the shop. */
    VisitorScreen visitor(Consumer<Page> watch) {
        Page page = chromium.newPerson();
        watch.accept(page);
        return new VisitorScreen(page, shop.url());
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
