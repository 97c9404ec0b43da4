package livechat.bench;

import org.axonframework.config.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;

/**
 * {@code bench/run disk [messages]}: the embedded event store's file while it runs, as the server writes it (the
 * production engine and configuration with the audit chain, one commit per message, the file's housekeeping), per
 * message sent; against the bytes the log itself holds (payloads and metadata), measured in the same run.
 */
final class DiskBench {

    private static final int CONVERSATIONS = 200;

    private DiskBench() {
    }

    static void run(long messages) throws Exception {
        Report report = new Report("Disk: the embedded event store's file per message, while it runs");
        try (EventStoreFixture store = new EventStoreFixture()) {
            Configuration axon = store.production(10_000, false, true);
            try {
                String[] conversations = new String[CONVERSATIONS];
                for (int c = 0; c < CONVERSATIONS; c++) {
                    conversations[c] = UUID.randomUUID().toString();
                    axon.commandGateway().sendAndWait(Messages.start(conversations[c]));
                }
                Path file = store.folder().resolve("events.mv.db");
                long step = Math.max(1, messages / 10);
                long started = System.nanoTime();
                for (long n = 1; n <= messages; n++) {
                    axon.commandGateway().sendAndWait(Messages.message(conversations[(int) (n % CONVERSATIONS)], n));
                    if (n % step == 0) {
                        System.err.printf("%,d messages: %,d bytes a message, %.0f messages/s%n", n,
                                Files.size(file) / n, n / ((System.nanoTime() - started) / 1e9));
                    }
                }
                long onDisk = Files.size(file);
                long data = storedBytes(store);
                report.row("%,d messages, file while running".formatted(messages),
                        "%,d bytes (%,d a message)".formatted(onDisk, onDisk / messages));
                report.row("the log's own payloads and metadata", "%,d bytes (%,d a message)".formatted(data,
                        data / messages));
                report.ratio("file / stored bytes", (double) onDisk / data, "(reported)");
                report.ratio("KB on disk a message", onDisk / 1024.0 / messages, "<= 4");
            } finally {
                axon.shutdown();
            }
        }
        report.print();
    }

    private static long storedBytes(EventStoreFixture store) throws Exception {
        try (Connection connection = store.dataSource.getConnection();
             ResultSet sum = connection.createStatement().executeQuery(
                     "SELECT SUM(OCTET_LENGTH(payload) + OCTET_LENGTH(metaData)) FROM DomainEventEntry")) {
            sum.next();
            return sum.getLong(1);
        }
    }
}
