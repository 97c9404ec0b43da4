package livechat.bench;

import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests leave on a fixed schedule whether or not earlier ones were answered, and
 * each latency counts from the moment its request was due, so a stalled server cannot hide its queue (no
 * coordinated omission). Sends {@code POST /api/conversations/{id}/messages} round-robin over conversations.
 */
final class OpenLoad implements AutoCloseable {

    /** Acknowledged requests per second within the window, and their latencies in milliseconds. */
    record Result(double offered, double acknowledged, double p50, double p99, int failed) {
        /** Kept up with: nearly all acknowledged within the window, none failed, no queue building up. */
        boolean sustained() {
            return failed == 0 && acknowledged >= 0.95 * offered && p99 < 1_000;
        }

        @Override
        public String toString() {
            return "offered %.0f/s  acknowledged %.0f/s  p50 %.2f ms  p99 %.2f ms  failed %d"
                    .formatted(offered, acknowledged, p50, p99, failed);
        }
    }

    /** What request {@code n} says, and what to do when it is answered. */
    interface Requests {
        /** The default: every message the same text, nothing done on answers. */
        Requests SAME_TEXT = new Requests() {
        };

        default String text(int n) {
            return Messages.TEXT;
        }

        /** Request {@code n} was answered with {@code status} at {@code nanoTime} ({@link System#nanoTime()}). */
        default void answered(int n, int status, long nanoTime) {
        }
    }

    private final ConnectionProvider pool = ConnectionProvider.builder("bench").maxConnections(2_000)
            .pendingAcquireMaxCount(-1).build();
    private final HttpClient client;

    /** Sends as the visitor whose access token is {@code bearer} (none when null). */
    OpenLoad(int port, String bearer) {
        client = HttpClient.create(pool).baseUrl("http://127.0.0.1:" + port).headers(h -> {
            h.set("Content-Type", "application/json");
            if (bearer != null) {
                h.set("Authorization", "Bearer " + bearer);
            }
        });
    }

    Result run(String[] conversations, double rate, Duration duration) throws InterruptedException {
        return run(conversations, rate, duration, Requests.SAME_TEXT);
    }

    Result run(String[] conversations, double rate, Duration duration, Requests requests)
            throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long[] latencies = new long[total];
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long windowEnd = start + duration.toNanos();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            LockSupport.parkNanos(due - System.nanoTime());
            int n = i;
            String body = "{\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"text\":\"" + requests.text(n)
                    + "\"}";
            client.post().uri("/api/conversations/" + conversations[i % conversations.length] + "/messages")
                    .send(Mono.just(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
                    .timeout(Duration.ofSeconds(30))
                    .subscribe(status -> {
                        long now = System.nanoTime();
                        latencies[n] = now - due;
                        requests.answered(n, status, now);
                        if (status / 100 == 2) {
                            if (now <= windowEnd) {
                                acknowledged.incrementAndGet();
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                        done.countDown();
                    }, error -> {
                        latencies[n] = Long.MAX_VALUE;
                        failed.incrementAndGet();
                        done.countDown();
                    });
        }
        done.await(60, TimeUnit.SECONDS);
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(rate, acknowledged.get() * 1e9 / duration.toNanos(), millis(sorted, 0.50),
                millis(sorted, 0.99), failed.get());
    }

    /** The {@code quantile} of sorted nanosecond values (nearest rank), in milliseconds. */
    static double millis(long[] sorted, double quantile) {
        long nanos = sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
        return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
