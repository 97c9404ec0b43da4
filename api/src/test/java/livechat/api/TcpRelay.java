package livechat.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A relay from a loopback port to a server, which a test cuts to make the server unreachable for what connects
 * through it (every relayed connection closed, new ones refused) and restores on the same port.
 */
final class TcpRelay implements AutoCloseable {

    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int port;
    private ServerSocket listener;

    private TcpRelay(InetSocketAddress target) {
        this.target = target;
    }

    /** A relay to {@code target} on a free loopback port. */
    static TcpRelay to(InetSocketAddress target) {
        TcpRelay relay = new TcpRelay(target);
        relay.restore();
        relay.port = relay.listener.getLocalPort();
        return relay;
    }

    int port() {
        return port;
    }

    /** The server is out of reach: relayed connections close, new ones are refused. */
    synchronized void cut() {
        close(listener);
        open.forEach(TcpRelay::close);
        open.clear();
    }

    /** Listens again, on the port it had. */
    synchronized void restore() {
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        ServerSocket accepting = listener;
        thread("relay-accept", () -> accept(accepting)).start();
    }

    private void accept(ServerSocket from) {
        while (!from.isClosed()) {
            try {
                Socket client = from.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                thread("relay-up", () -> pump(client, server)).start();
                thread("relay-down", () -> pump(server, client)).start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // Either side closed: the other goes too.
        } finally {
            close(from);
            close(to);
        }
    }

    private static Thread thread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        cut();
    }
}
