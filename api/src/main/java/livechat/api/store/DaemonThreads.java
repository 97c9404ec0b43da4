package livechat.api.store;

import java.util.concurrent.ThreadFactory;

/** Threads of this package's background work, which never hold the JVM's exit up. */
final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads named {@code name}. */
    static ThreadFactory named(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
