package livechat.api.store;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One server per data folder. Before any store opens, the server takes an exclusive lock on {@code server.lock} in
 * its data folder and writes its PID there; a second server on the same folder stops at once, naming the folder and
 * the PID that holds it, instead of failing on whichever embedded store it opens first, or, with the read models
 * elsewhere, silently sharing the H2 log. The lock is the operating system's: it goes with the process, even one
 * killed with SIGKILL, and is released after the stores have closed.
 */
public final class DataFolderLock implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    static final String FILE = "server.lock";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String configured = context.getEnvironment().getProperty("livechat.data-dir");
        if (configured == null || configured.isBlank()) {
            return;
        }
        Held held = acquire(Path.of(configured).toAbsolutePath().normalize());
        // Registered before any bean, so destroyed after all of them: the stores close first.
        ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                .registerDisposableBean(DataFolderLock.class.getName(), held::release);
    }

    /** Before anything else touches the data folder. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private static Held acquire(Path folder) {
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new InUse(folder, holder);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0).write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
            return new Held(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data folder " + folder, e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(32);
        channel.read(content, 0);
        String pid = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "unknown" : pid;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // The failure being reported matters more.
            }
        }
    }

    private record Held(FileChannel channel, FileLock lock) {

        void release() throws IOException {
            lock.release();
            channel.close();
        }
    }

    /** Another server holds the data folder. */
    public static final class InUse extends IllegalStateException {

        private final Path folder;
        private final String holder;

        InUse(Path folder, String holder) {
            super("The data folder " + folder + " is in use by another livechat server (PID " + holder + ").");
            this.folder = folder;
            this.holder = holder;
        }
    }

    /** Says it in one line, with what to do, instead of a stack trace. */
    public static final class InUseAnalyzer extends AbstractFailureAnalyzer<InUse> {

        @Override
        protected FailureAnalysis analyze(Throwable root, InUse cause) {
            return new FailureAnalysis(cause.getMessage(), "Stop the server with PID " + cause.holder
                    + ", or start this one with another data folder (LIVECHAT_DATA_DIR; now " + cause.folder + ").",
                    cause);
        }
    }
}
