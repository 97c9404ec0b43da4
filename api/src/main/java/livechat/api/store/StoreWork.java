package livechat.api.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking work against the event store off the web threads, on threads nobody interrupts. Reactor's own
 * schedulers interrupt a task when its subscriber cancels (a client that disconnects mid-request), and an interrupt
 * during a file write closes H2's file channel: the whole embedded event store would shut down. Work started here
 * always runs to the end; a client that went away retries with its idempotency key.
 */
@Component
public class StoreWork implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StoreWork.class);
    private static final int THREADS = 32;
    /**
     * Work waiting beyond this is refused with a 503 instead of queued: past the store's capacity a longer queue
     * only adds latency, and a client told to retry later loses nothing (its idempotency key makes the retry safe).
     */
    private static final int MAX_WAITING = 512;

    private final ExecutorService threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable work) {
            Thread thread = new Thread(work, "store-work-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /**
     * Runs {@code work} to its end, or fails with {@link Busy} at once when too much is waiting. Work whose caller
     * has gone (a client that disconnected, a server that stops) before it started is not started: nobody waits for
     * its answer, and the caller's retry is safe. Once started, it is never interrupted, and a failure nobody waits
     * for any more is not an error of this server.
     */
    public <T> Mono<T> run(Callable<T> work) {
        return Mono.create(sink -> {
            AtomicBoolean gone = new AtomicBoolean();
            sink.onCancel(() -> gone.set(true));
            try {
                threads.execute(() -> {
                    if (gone.get()) {
                        return;
                    }
                    try {
                        sink.success(work.call());
                    } catch (Exception e) {
                        Throwable failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        if (gone.get()) {
                            log.debug("Store work failed after its caller had gone", failure);
                        } else {
                            sink.error(failure);
                        }
                    }
                });
            } catch (RejectedExecutionException full) {
                sink.error(new Busy());
            }
        });
    }

    /** Too much store work is already waiting; nothing of this request was started. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("The server is at capacity; nothing was written. Try again shortly.", null, false, false);
        }
    }

    @Override
    public void destroy() {
        threads.shutdown();
    }
}
