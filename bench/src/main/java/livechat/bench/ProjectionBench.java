package livechat.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.DisputeAuditProjection;
import livechat.query.metrics.AgentMetricsProjection;
import livechat.query.metrics.MetricsCollections;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.query.transcript.TranscriptCollections;
import livechat.query.transcript.TranscriptProjection;
import org.bson.Document;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Projections, catch-up and replay: how fast the three read models (transcript, agent metrics, dispute audit) are built
 * from the log, by the server's live processors and by the replay tool, against the raw bulk-write rate of the same
 * documents into the same embedded MongoDB, all in one run; and how long after a send is acknowledged its message is in
 * the transcript.
 */
final class ProjectionBench {

    /** The three read models and their collections, by processor (processing group). */
    static final Map<String, List<String>> READ_MODELS = Map.of(
            TranscriptProjection.PROCESSING_GROUP, TranscriptCollections.NAMES,
            AgentMetricsProjection.PROCESSING_GROUP, MetricsCollections.NAMES,
            DisputeAuditProjection.PROCESSING_GROUP, AuditCollections.NAMES);
    private static final List<String> PROCESSORS = List.of(TranscriptProjection.PROCESSING_GROUP,
            AgentMetricsProjection.PROCESSING_GROUP, DisputeAuditProjection.PROCESSING_GROUP);
    private static final long SEED = 7;
    /** The projections' batch size (application.yml): the raw baseline writes 100 events' worth per bulkWrite. */
    private static final int EVENTS_PER_BATCH = 100;
    /** Below this many sends per second the lag is not measured again (see {@link Lag#keptUp()}). */
    private static final double MIN_LAG_RATE = 25;
    private static final Duration LAG_MEASURE = Duration.ofSeconds(20);
    private static final Pattern LAG_MARK = Pattern.compile("lag-(\\d+)-");

    private ProjectionBench() {
    }

    /** Live projection throughput: from the first moment all three processors report until all reached the head. */
    record CatchUp(long events, double seconds, double eventsPerSecond, double secondsSinceStart,
                   double secondHalfEventsPerSecond) {
        @Override
        public String toString() {
            return ("%,.0f events/s (%,d events in %.1f s; caught up %.1f s after the server was started; "
                    + "second half of the log: %,.0f events/s)")
                    .formatted(eventsPerSecond, events, seconds, secondsSinceStart, secondHalfEventsPerSecond);
        }
    }

    /** The raw bulk-write rate of the read models' documents, as events per second of the log that produced them. */
    record RawWrite(long documents, double documentsPerEvent, double orderedEventsPerSecond,
                    double unorderedEventsPerSecond) {
        @Override
        public String toString() {
            return "ordered %,.0f events/s, unordered %,.0f events/s (%,d documents, %.2f per event)"
                    .formatted(orderedEventsPerSecond, unorderedEventsPerSecond, documents, documentsPerEvent);
        }
    }

    record Lag(double offered, double acknowledged, long measured, long missing, int subscribed, double p50,
               double p99) {
        /** The server acknowledged (nearly) all it was offered, so the lag is not a queue in front of it. */
        boolean keptUp() {
            return acknowledged >= 0.95 * offered;
        }

        @Override
        public String toString() {
            return ("p50 %.1f ms  p99 %.1f ms  (offered %.0f/s, acknowledged %.0f/s, %d messages seen, %d acknowledged "
                    + "but not seen once the transcript processor caught up; %d conversations followed)")
                    .formatted(p50, p99, offered, acknowledged, measured, missing, subscribed);
        }
    }

    /** {@code bench/run projections [events]}: catch-up against raw bulk writes, then send-to-transcript lag. */
    static void projections(Path serverJar, long events) throws Exception {
        Path data = Files.createTempDirectory("livechat-bench-projections-");
        GeneratedLog.Summary log = generate(data, events);
        try (Server server = new Server(serverJar, data)) {
            System.err.printf("catch-up starts at %s%n", java.time.Instant.now());
            CatchUp live = server.catchUp(log);
            RawWrite raw = server.rawWrite(log);
            // Wall-clock marks, to cut a profile of the server (BENCH_SERVER_JAVA_OPTS) into the phases.
            System.err.printf("lag measurement starts at %s%n", java.time.Instant.now());
            Lag lag = server.lag(live.eventsPerSecond() / 2);
            // Half the projections' rate may be more sends than HTTP takes on these two cores, and then the lag is
            // a backlog; so the load is halved until the server acknowledges all of it, and the lag measured again
            // at half of that.
            Lag sustained = lag;
            while (!sustained.keptUp() && sustained.offered() > MIN_LAG_RATE) {
                sustained = server.lag(sustained.offered() / 2);
            }
            Lag atHalfSustained = server.lag(sustained.offered() / 2);
            System.err.printf("lag measurement ended at %s%n", java.time.Instant.now());
            Report report = throughput("Projection throughput and lag", log, live, raw);
            report.row("ack -> in transcript, at half the live rate", lag.toString());
            report.row("lag p99 (target < 250 ms)", "%.1f ms".formatted(lag.p99()));
            report.row("same, halving the load until all is acknowledged", sustained.toString());
            report.row("same, at half of that", atHalfSustained.toString());
            report.row("lag p99 there (target < 250 ms)", "%.1f ms".formatted(atHalfSustained.p99()));
            report.print();
        }
        delete(data);
    }

    /**
     * {@code bench/run catch-up [events] [rounds]}: the throughput half of {@code projections} alone, live catch-up
     * against the raw bulk writes, for trying a change in a minute a round instead of the whole benchmark's eight. Each
     * round starts from a fresh log and server; with several, the median ratio says more than any one run on a shared
     * machine.
     */
    static void catchUp(Path serverJar, long events, int rounds) throws Exception {
        double[] ratios = new double[rounds];
        double[] warmRatios = new double[rounds];
        double[] sealedRatios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            CatchUp[] live = new CatchUp[2];
            for (int sealed = 0; sealed < 2; sealed++) {
                Path data = Files.createTempDirectory("livechat-bench-catch-up-");
                GeneratedLog.Summary log = generate(data, events, sealed == 1);
                try (Server server = new Server(serverJar, data)) {
                    live[sealed] = server.catchUp(log);
                    RawWrite raw = server.rawWrite(log);
                    throughput("Projection throughput, round %d of %d, %s log".formatted(round + 1, rounds,
                            sealed == 1 ? "sealed" : "plain"), log, live[sealed], raw).print();
                    if (sealed == 0) {
                        ratios[round] = live[0].eventsPerSecond() / raw.orderedEventsPerSecond();
                        warmRatios[round] = live[0].secondHalfEventsPerSecond() / raw.orderedEventsPerSecond();
                    }
                }
                delete(data);
            }
            sealedRatios[round] = live[1].eventsPerSecond() / live[0].eventsPerSecond();
        }
        Arrays.sort(ratios);
        Arrays.sort(warmRatios);
        Arrays.sort(sealedRatios);
        new Report("Projection throughput over %d rounds".formatted(rounds))
                .row("live / raw ordered bulkWrite, each round (plain log)",
                        Arrays.stream(ratios).mapToObj("%.3f"::formatted).toList().toString())
                .ratio("median", ratios[rounds / 2], ">= 0.50")
                .row("second half of the log / raw ordered bulkWrite, each round",
                        Arrays.stream(warmRatios).mapToObj("%.3f"::formatted).toList().toString())
                .ratio("median, second half", warmRatios[rounds / 2], "(warmer server)")
                .row("sealed log / plain log, whole log, each round",
                        Arrays.stream(sealedRatios).mapToObj("%.3f"::formatted).toList().toString())
                .ratio("median, sealed / plain", sealedRatios[rounds / 2], ">= 0.85").print();
    }

    private static Report throughput(String title, GeneratedLog.Summary log, CatchUp live, RawWrite raw) {
        Report report = new Report(title + " (transcript, agent-metrics, dispute-audit)");
        report.row("event log", log.toString());
        report.row("live projections, all three together", live.toString());
        report.row("raw bulkWrite of the same documents", raw.toString());
        report.ratio("live / raw ordered bulkWrite", live.eventsPerSecond() / raw.orderedEventsPerSecond(), ">= 0.50");
        report.ratio("live / raw unordered bulkWrite", live.eventsPerSecond() / raw.unorderedEventsPerSecond(),
                ">= 0.50");
        report.ratio("second half of the log / raw ordered bulkWrite",
                live.secondHalfEventsPerSecond() / raw.orderedEventsPerSecond(), "(warmer server)");
        return report;
    }

    /** {@code bench/run replay [events] [live-events]}: rebuilds by the replay tool against live catch-up. */
    static void replay(Path serverJar, Path toolJar, long events, long liveEvents) throws Exception {
        Path liveData = Files.createTempDirectory("livechat-bench-live-");
        GeneratedLog.Summary prefix = generate(liveData, liveEvents);
        CatchUp live;
        RawWrite raw;
        try (Server server = new Server(serverJar, liveData)) {
            live = server.catchUp(prefix);
            raw = server.rawWrite(prefix);
        }
        delete(liveData);

        Path replayData = Files.createTempDirectory("livechat-bench-replay-");
        GeneratedLog.Summary log = generate(replayData, events);
        Report report = new Report("Replay: rebuilding transcript, agent-metrics and dispute-audit from the log");
        report.row("event log", log.toString());
        // The tool opens the read-model file itself only while nothing listens on the embedded port; three rebuilds
        // at once share one MongoDB on that file instead, as they would share a running server's.
        EmbeddedMongo readModels = new EmbeddedMongo(replayData.resolve("readmodels.mv"), "127.0.0.1",
                HttpBench.freePort());
        double total;
        long documents = 0;
        try {
            int mongoPort = readModels.port();
            long start = System.nanoTime();
            List<Rebuild> rebuilds = new ArrayList<>();
            for (String processor : PROCESSORS) {
                Rebuild rebuild = new Rebuild(toolJar, replayData, processor, mongoPort);
                rebuilds.add(rebuild);
                // H2 refuses a second process that opens the file while the first is still taking its lock
                // ("Lock file recently modified"): the next tool starts once this one is replaying.
                rebuild.awaitStarted();
            }
            for (Rebuild rebuild : rebuilds) {
                double seconds = rebuild.await();
                report.row("livechat-tool rebuild " + rebuild.processor, "%,.0f events/s (%.1f s)"
                        .formatted(log.events() / seconds, seconds));
            }
            total = (System.nanoTime() - start) / 1e9;
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                for (List<String> collections : READ_MODELS.values()) {
                    for (String name : collections) {
                        documents += client.getDatabase("livechat").getCollection(name).estimatedDocumentCount();
                    }
                }
            }
        } finally {
            readModels.close();
        }
        double replayRate = log.events() / total;
        report.row("replay, all three at once (wall time)", "%,.0f events/s (%.1f s; %,d documents, %.2f per event)"
                .formatted(replayRate, total, documents, (double) documents / log.events()));
        report.row("live projections on the log's first " + "%,d events".formatted(prefix.events()),
                live.toString());
        report.row("raw bulkWrite of the live run's documents", raw.toString());
        report.ratio("replay / live projections", replayRate / live.eventsPerSecond(), ">= 1");
        report.ratio("replay / raw ordered bulkWrite", replayRate / raw.orderedEventsPerSecond(), "(baseline)");
        report.ratio("live / raw ordered bulkWrite", live.eventsPerSecond() / raw.orderedEventsPerSecond(),
                "(baseline)");
        report.print();
        delete(replayData);
    }

    private static GeneratedLog.Summary generate(Path data, long events) {
        return generate(data, events, false);
    }

    /** The log as the server writes it, personal content sealed under the data folder's keys, if {@code sealed}. */
    private static GeneratedLog.Summary generate(Path data, long events, boolean sealed) {
        long start = System.nanoTime();
        GeneratedLog.Summary log = GeneratedLog.write(data, events, SEED, sealed);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("generated %s into %s in %.1f s (%,.0f events/s)%n", log, data, seconds,
                log.events() / seconds);
        return log;
    }

    /**
     * {@code livechat-tool rebuild <processor>} on {@code data}, as its own process, with the read models in the
     * MongoDB on {@code mongoPort}.
     */
    private static final class Rebuild {
        private final String processor;
        private final Process tool;
        private final Path output;
        private final long start = System.nanoTime();
        private final java.util.concurrent.CompletableFuture<Long> exited;

        Rebuild(Path toolJar, Path data, String processor, int mongoPort) throws IOException {
            this.processor = processor;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx1g"));
            // e.g. BENCH_TOOL_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/tool.jfr to profile the rebuilds
            String options = System.getenv("BENCH_TOOL_JAVA_OPTS");
            if (options != null && !options.isBlank()) {
                command.addAll(List.of(options.trim().replace("%processor", processor).split("\\s+")));
            }
            command.addAll(List.of("-jar", toolJar.toString(), "rebuild", processor, "--data-dir", data.toString(),
                    "--embedded-mongodb-port", String.valueOf(mongoPort)));
            output = Files.createTempFile("livechat-bench-rebuild-" + processor + "-", ".log");
            tool = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            exited = tool.onExit().thenApply(ended -> System.nanoTime());
            Runtime.getRuntime().addShutdownHook(new Thread(tool::destroyForcibly));
        }

        /** Waits (at most 60 s) until the tool prints its first progress, i.e. it has opened the stores. */
        void awaitStarted() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && tool.isAlive() && Files.size(output) == 0) {
                Thread.sleep(100);
            }
        }

        /** Waits (at most 60 minutes) for the rebuild and answers how long it took in seconds. */
        double await() throws Exception {
            if (!tool.waitFor(60, TimeUnit.MINUTES)) {
                tool.destroyForcibly().waitFor();
                throw new IllegalStateException("rebuild " + processor + " did not finish in 60 minutes; see "
                        + output);
            }
            double seconds = (exited.get() - start) / 1e9;
            List<String> lines = Files.readAllLines(output);
            System.err.printf("rebuild %s: exit %d in %.1f s; %s%n", processor, tool.exitValue(), seconds,
                    lines.isEmpty() ? "" : lines.get(lines.size() - 1));
            if (tool.exitValue() != 0) {
                throw new IllegalStateException("rebuild " + processor + " failed; see " + output);
            }
            Files.delete(output);
            return seconds;
        }
    }

    /** A server JVM on a data folder, with its HTTP and embedded MongoDB ports known; stopped at close. */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final long started = System.nanoTime();
        private final int port;
        private final int mongoPort;
        private final HttpClient http = HttpClient.newHttpClient();

        Server(Path serverJar, Path data) throws Exception {
            port = HttpBench.freePort();
            mongoPort = HttpBench.freePort();
            process = HttpBench.startServer(List.of("-jar", serverJar.toString()), data, port, mongoPort);
            try {
                HttpBench.awaitHealthy(port);
            } catch (Exception | Error e) {
                HttpBench.stopServer(process);
                throw e;
            }
        }

        int port() {
            return port;
        }

        /** Polls the lag gauges until every processor reached the log's head. */
        CatchUp catchUp(GeneratedLog.Summary log) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300 + log.events() / 100);
            long firstAt = 0;
            long firstPosition = -1;
            // The JIT compiles through the first part of a catch-up, taking a good part of the machine: the second
            // half of the log shows what a warm server does.
            long halfAt = 0;
            long halfPosition = -1;
            long lastReport = 0;
            while (System.nanoTime() < deadline) {
                double behind = 0;
                for (String processor : PROCESSORS) {
                    behind = Math.max(behind, HttpBench.actuatorMetric(http, port,
                            "livechat.projection.lag.events?tag=processor:" + processor));
                }
                long now = System.nanoTime();
                if (!Double.isNaN(behind)) {
                    long position = log.head() - (long) behind;
                    if (firstAt == 0) {
                        firstAt = now;
                        firstPosition = position;
                    }
                    if (halfAt == 0 && position >= log.head() / 2) {
                        halfAt = now;
                        halfPosition = position;
                    }
                    if (behind == 0) {
                        double seconds = (now - firstAt) / 1e9;
                        return new CatchUp(log.head() - firstPosition, seconds,
                                (log.head() - firstPosition) / seconds, (now - started) / 1e9,
                                // A log caught up within one poll of its half has no second-half rate.
                                now == halfAt ? Double.NaN : (log.head() - halfPosition) / ((now - halfAt) / 1e9));
                    }
                    if (now - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                        System.err.printf("projections: slowest at %,d of %,d%n", position, log.head());
                        lastReport = now;
                    }
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("the projections did not catch up in time");
        }

        /**
         * Reads back every document of the three read models and writes it to a fresh collection (with the source
         * collection's unique indexes), each collection in bulkWrites of as many documents as 100 events produce
         * for it on average, alternating ordered and unordered batches into separate copies. Only the writes are
         * timed; the copies are dropped afterwards.
         */
        RawWrite rawWrite(GeneratedLog.Summary log) {
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
                MongoDatabase database = client.getDatabase("livechat");
                long[] nanos = new long[2];
                long[] documents = new long[2];
                for (List<String> collections : READ_MODELS.values()) {
                    for (String name : collections) {
                        copy(database, name, log, nanos, documents);
                    }
                }
                long total = documents[0] + documents[1];
                double perEvent = (double) total / log.events();
                return new RawWrite(total, perEvent, documents[0] / perEvent / (nanos[0] / 1e9),
                        documents[1] / perEvent / (nanos[1] / 1e9));
            }
        }

        private static void copy(MongoDatabase database, String name, GeneratedLog.Summary log, long[] nanos,
                                 long[] documents) {
            MongoCollection<Document> source = database.getCollection(name);
            long count = source.countDocuments();
            if (count == 0) {
                return;
            }
            int batch = (int) Math.max(1, Math.round((double) EVENTS_PER_BATCH * count / log.events()));
            List<MongoCollection<Document>> copies = List.of(database.getCollection(name + "_raw_ordered"),
                    database.getCollection(name + "_raw_unordered"));
            for (MongoCollection<Document> copy : copies) {
                copy.drop();
                for (Document index : source.listIndexes()) {
                    if (index.getBoolean("unique", false)) {
                        copy.createIndex(index.get("key", Document.class), new IndexOptions().unique(true));
                    }
                }
            }
            List<WriteModel<Document>> models = new ArrayList<>(batch);
            int turn = 0;
            try (MongoCursor<Document> cursor = source.find().batchSize(1_000).iterator()) {
                while (cursor.hasNext()) {
                    models.add(new InsertOneModel<>(cursor.next()));
                    if (models.size() == batch || !cursor.hasNext()) {
                        long start = System.nanoTime();
                        copies.get(turn).bulkWrite(models, new BulkWriteOptions().ordered(turn == 0));
                        nanos[turn] += System.nanoTime() - start;
                        documents[turn] += models.size();
                        models.clear();
                        turn = 1 - turn;
                    }
                }
            }
            copies.forEach(MongoCollection::drop);
        }

        /**
         * Open loop at {@code rate} messages/s over new conversations, each followed by an NDJSON subscriber; a
         * message's lag is from its HTTP 201 to its stream item, which the transcript projection publishes only after
         * its bulkWrite.
         */
        Lag lag(double rate) throws Exception {
            String[] conversations = HttpBench.startConversations(port);
            int total = (int) (rate * LAG_MEASURE.toMillis() / 1000);
            AtomicLongArray acknowledged = new AtomicLongArray(total);
            AtomicLongArray seen = new AtomicLongArray(total);
            OpenLoad.Result load;
            int subscribed;
            try (StreamSubscribers subscribers = new StreamSubscribers(port, conversations, conversations.length,
                    line -> {
                        Matcher mark = LAG_MARK.matcher(line);
                        if (mark.find()) {
                            int n = Integer.parseInt(mark.group(1));
                            if (n < total) {
                                seen.compareAndSet(n, 0, System.nanoTime());
                            }
                        }
                    });
                 OpenLoad open = new OpenLoad(port, BenchAuth.visitor(port))) {
                subscribed = subscribers.connected();
                load = open.run(conversations, rate, LAG_MEASURE, new OpenLoad.Requests() {
                    @Override
                    public String text(int n) {
                        return "lag-" + n + "- " + Messages.TEXT;
                    }

                    @Override
                    public void answered(int n, int status, long nanoTime) {
                        if (status == 201) {
                            acknowledged.set(n, nanoTime);
                        }
                    }
                });
                awaitTranscriptCaughtUp();
            }
            long[] lags = new long[total];
            int measured = 0;
            long missing = 0;
            for (int n = 0; n < total; n++) {
                if (acknowledged.get(n) != 0 && seen.get(n) != 0) {
                    lags[measured++] = Math.max(0, seen.get(n) - acknowledged.get(n));
                } else if (acknowledged.get(n) != 0) {
                    missing++;
                }
            }
            long[] sorted = Arrays.copyOf(lags, measured);
            Arrays.sort(sorted);
            return new Lag(rate, load.acknowledged(), measured, missing, subscribed,
                    measured == 0 ? Double.NaN : OpenLoad.millis(sorted, 0.50),
                    measured == 0 ? Double.NaN : OpenLoad.millis(sorted, 0.99));
        }

        /** Waits (at most two minutes) until the transcript processor has processed the whole log. */
        private void awaitTranscriptCaughtUp() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (System.nanoTime() < deadline && HttpBench.actuatorMetric(http, port,
                    "livechat.projection.lag.events?tag=processor:" + TranscriptProjection.PROCESSING_GROUP) != 0) {
                Thread.sleep(250);
            }
            Thread.sleep(1_000);
        }

        @Override
        public void close() throws InterruptedException {
            HttpBench.stopServer(process);
        }
    }

    static void delete(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
