package livechat.api;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections that hold the server without using it are closed (headers sent a byte at a time, a body that stalls,
 * an idle keep-alive connection); a stream being answered stays open past every one of those timeouts.
 */
@ServerTest(settings = {"--livechat.http.header-timeout=2s", "--livechat.http.read-timeout=2s",
        "--livechat.http.idle-timeout=2s"})
class ConnectionTimeoutsTest {

    /** Far beyond the configured timeouts, so only a server that never closes fails. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void headersSentAByteAtATimeAreCutOff(LivechatServer server) throws Exception {
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            byte[] request = "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(
                    StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            boolean closed = false;
            for (int i = 0; System.nanoTime() < deadline && !closed; i++) {
                try {
                    out.write(request[i % request.length]);
                    out.flush();
                    Thread.sleep(500);
                } catch (SocketException reset) {
                    closed = true;
                }
                closed = closed || closedByServer(socket);
            }
            assertThat(closed).as("the server closed the connection").isTrue();
        }
    }

    @Test
    void aBodyThatStallsIsCutOff(LivechatServer server) throws Exception {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(("POST /api/visitor-sessions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket)).doesNotStartWith("HTTP/1.1 2");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed(LivechatServer server) throws Exception {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aStreamOutlivesEveryTimeout(LivechatServer server, ChatClient chat) throws InterruptedException {
        String visitor = "visitor:v-patient";
        String conversation = chat.startConversation(visitor, "Long stream");
        List<Object> received = new CopyOnWriteArrayList<>();
        var stream = WebClient.create(server.baseUrl()).get()
                .uri("/api/conversations/{id}/stream?after=-1", conversation).headers(server.as(visitor))
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(LiveStream.SSE)
                .filter(event -> event.event() != null).subscribe(received::add);
        try {
            await().atMost(PATIENCE).until(() -> !received.isEmpty());
            int before = received.size();
            // Three times each timeout without a word from the client, then a message must still arrive.
            Thread.sleep(6_000);
            chat.sendNew(visitor, conversation, "cm-late", "still listening?");
            await().atMost(PATIENCE).until(() -> received.size() > before);
        } finally {
            stream.dispose();
        }
    }

    private static Socket connect(LivechatServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return socket;
    }

    /** Whether the server has closed its side: a read returns end of stream at once. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout((int) PATIENCE.toMillis());
        }
    }

    /** Everything the server sends until it closes the connection; a server that never does fails the read. */
    private static String readUntilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}
