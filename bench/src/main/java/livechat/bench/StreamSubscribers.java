package livechat.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * NDJSON stream subscribers ({@code GET /api/conversations/{id}/stream} as a supervisor), spread round-robin over
 * conversations; every complete line any of them receives goes to one consumer. A subscriber counts as connected at
 * its first line (the conversation's catch-up); a stream refused (e.g. 404 while the read model does not know the
 * conversation yet) is tried again.
 */
final class StreamSubscribers implements AutoCloseable {

    private final ConnectionProvider connections;
    private final List<Disposable> streams = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();

    /** Opens {@code subscribers} streams and waits up to 120 s until each received its first line. */
    StreamSubscribers(int port, String[] conversations, int subscribers, Consumer<String> lines)
            throws InterruptedException, java.io.IOException {
        String supervisor = BenchAuth.staff(port);
        connections = ConnectionProvider.builder("subscribers").maxConnections(subscribers + 16)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set("Authorization", "Bearer " + supervisor).set(HttpHeaderNames.ACCEPT,
                        "application/x-ndjson"));
        CountDownLatch allConnected = new CountDownLatch(subscribers);
        for (int i = 0; i < subscribers; i++) {
            String conversation = conversations[i % conversations.length];
            AtomicInteger first = new AtomicInteger();
            StringBuilder partial = new StringBuilder();
            streams.add(client.get().uri("/api/conversations/" + conversation + "/stream")
                    .response((response, body) -> response.status().code() == 200 ? body.asString()
                            : Flux.<String>error(new IllegalStateException("stream answered " + response.status())))
                    // A conversation the read model does not know yet answers 404 after a few seconds: try again.
                    .retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(1)))
                    .flatMapIterable(chunk -> completeLines(partial, chunk))
                    .subscribe(line -> {
                        if (first.getAndIncrement() == 0) {
                            connected.incrementAndGet();
                            allConnected.countDown();
                        }
                        lines.accept(line);
                    }, error -> allConnected.countDown()));
        }
        allConnected.await(120, TimeUnit.SECONDS);
    }

    /**
     * The lines {@code chunk} completes; the rest waits in {@code partial}. A network chunk may end anywhere, also
     * inside a line (chunks of one stream arrive one after the other).
     */
    private static List<String> completeLines(StringBuilder partial, String chunk) {
        partial.append(chunk);
        int end = partial.lastIndexOf("\n");
        if (end < 0) {
            return List.of();
        }
        List<String> lines = List.of(partial.substring(0, end).split("\n"));
        partial.delete(0, end + 1);
        return lines;
    }

    /** How many subscribers received at least one line. */
    int connected() {
        return connected.get();
    }

    @Override
    public void close() {
        streams.forEach(Disposable::dispose);
        connections.dispose();
    }
}
