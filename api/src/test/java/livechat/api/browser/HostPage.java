package livechat.api.browser;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A shop's web page on another origin than the chat server (its own loopback port), embedding the widget with the
 * one tag a site adds.
 */
final class HostPage implements AutoCloseable {

    private final HttpServer server;
    private volatile String tag = "";

    HostPage() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title>"
                    + "<link rel=\"icon\" href=\"data:,\"></head><body><h1>The shop</h1><p>Things for sale.</p>"
                    + tag + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        server.start();
    }

    /** This page's origin, which the chat server must list among the site's origins. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The page embeds the widget of the chat server at {@code chatServer} for {@code site}. */
    HostPage embedding(String chatServer, String site) {
        tag = "<script src=\"" + chatServer + "/widget.js\" data-site=\"" + site + "\" async></script>";
        return this;
    }

    String url() {
        return origin() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
