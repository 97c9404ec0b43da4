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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NDJSON stream subscribers ({@code GET /api/conversations/{id}/stream} as a supervisor), spread round-robin over
 * conversations; every complete line any of them receives goes to one consumer. A subscriber counts as connected at
 * its first line (the conversation's catch-up); a stream refused (e.g. 404 while the read model does not know the
 * conversation yet) is tried again. A stream that ends is resumed as a browser's EventSource resumes it, with
 * {@code Last-Event-ID}: each resumption is counted, and so is every item at or below a sequence its subscriber
 * already received, which a server delivering exactly once never sends.
 */
final class StreamSubscribers implements AutoCloseable {

    private static final Pattern SEQUENCE = Pattern.compile("\\{\"sequence\":(\\d+)");

    private final ConnectionProvider connections;
    private final List<Disposable> streams = new ArrayList<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();
    private final AtomicInteger repeated = new AtomicInteger();

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
            AtomicLong lastSequence = new AtomicLong(-1);
            StringBuilder partial = new StringBuilder();
            streams.add(Flux.defer(() -> {
                        partial.setLength(0);
                        long resumeAfter = lastSequence.get();
                        return client.headers(h -> {
                                    if (resumeAfter >= 0) {
                                        h.set("Last-Event-ID", resumeAfter);
                                    }
                                }).get().uri("/api/conversations/" + conversation + "/stream")
                                .response((response, body) -> response.status().code() == 200 ? body.asString()
                                        : Flux.<String>error(new IllegalStateException("stream answered "
                                        + response.status())));
                    })
                    // As an EventSource told to reconnect after a second.
                    .repeatWhen(ended -> ended.doOnNext(end -> resumed.incrementAndGet())
                            .delayElements(Duration.ofSeconds(1)))
                    // A conversation the read model does not know yet answers 404 after a few seconds: try again.
                    .retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(1)).transientErrors(true)
                            .doBeforeRetry(retry -> {
                                if (first.get() > 0) {
                                    resumed.incrementAndGet();
                                }
                            }))
                    .flatMapIterable(chunk -> completeLines(partial, chunk))
                    .subscribe(line -> {
                        if (first.getAndIncrement() == 0) {
                            connected.incrementAndGet();
                            allConnected.countDown();
                        }
                        Matcher sequence = SEQUENCE.matcher(line);
                        if (sequence.lookingAt()) {
                            long at = Long.parseLong(sequence.group(1));
                            if (at <= lastSequence.get()) {
                                repeated.incrementAndGet();
                            } else {
                                lastSequence.set(at);
                            }
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

    /** How many times a stream that ended was resumed with {@code Last-Event-ID}. */
    int resumed() {
        return resumed.get();
    }

    /** How many items arrived at or below a sequence their subscriber had already received. */
    int repeated() {
        return repeated.get();
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
