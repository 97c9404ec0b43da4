package livechat.tools;

import livechat.query.projection.ReadModelDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Events per type and per day, streams, read-model sizes and how far each projection lags.")
class StatsCommand implements Callable<Integer> {

    @Mixin
    StoreOptions options;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (Stores stores = new Stores(options)) {
            EventLog log = new EventLog(stores.events());
            long head = new Replay(stores.engine(), 1).head();
            Map<String, Long> perType = log.eventsPerType();
            out.printf("Event log: %d events, head position %d%n", perType.values().stream()
                    .mapToLong(Long::longValue).sum(), head);
            table(out, "Events per type", perType);
            table(out, "Events per day (UTC)", log.eventsPerDay());
            table(out, "Streams per aggregate type", log.streamsPerType());

            ReadModelDatabase database = stores.readModels();
            out.printf("%nRead models%n  %-17s %-22s %10s  %s%n", "read model", "collection", "documents",
                    "processor");
            for (ReadModel model : ReadModel.values()) {
                List<String> collections = model.collections();
                for (int i = 0; i < collections.size(); i++) {
                    out.printf("  %-17s %-22s %10d  %s%n", i == 0 ? model.processingGroup() : "", collections.get(i),
                            database.collection(collections.get(i)).countDocuments(),
                            i == 0 ? lag(database, model, head) : "");
                }
            }
        }
        return 0;
    }

    private static String lag(ReadModelDatabase database, ReadModel model, long head) {
        List<ProcessorTokens.Segment> segments = ProcessorTokens.read(database.blocking(), model.processingGroup());
        return ProcessorTokens.slowest(segments).stream()
                .mapToObj(position -> String.format("at %d, %d segment(s), lag %d event(s)%s", position,
                        segments.size(), Math.max(0, head - position),
                        ProcessorTokens.running(segments) ? ", running" : ""))
                .findFirst().orElse("no tokens yet");
    }

    private static void table(PrintStream out, String title, Map<String, Long> counts) {
        out.printf("%n%s%n", title);
        counts.forEach((key, count) -> out.printf("  %-32s %10d%n", key, count));
    }
}
