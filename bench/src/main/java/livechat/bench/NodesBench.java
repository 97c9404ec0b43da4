package livechat.bench;

import livechat.embeddedmongo.EmbeddedMongo;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several nodes ({@code bench/run nodes <jdbc:postgresql URL>}): servers from the packaged jar sharing one
 * PostgreSQL event store (a database made for each cluster) and one MongoDB (the embedded read-model server, as
 * {@code livechat-tool mongo serve} runs it), on the same two cores.
 * <ul>
 *     <li>Capacity: the highest open-loop rate of acknowledged sends a cluster of 1, 2 and 3 nodes sustains, each
 *     node taking an equal share: each conversation's sends on one node (a balancer routing by conversation), and
 *     every node sending to every conversation (no affinity, so nodes race on the same aggregates). On one machine
 *     this is the cost of coordination, not a speed-up. The one-node baseline stays up and is searched before and
 *     after each larger cluster's searches, so a drift in the shared machine's speed weighs on both alike.</li>
 *     <li>Apart: the same capacity of one node, of two one-node clusters side by side that share nothing (what a
 *     second JVM alone costs on one machine), and of a two-node cluster, in one run.</li>
 *     <li>Cost: the CPU per acknowledged send of one node and of two at the same offered rate.</li>
 *     <li>Live delivery across nodes: with two nodes at half of their capacity, every conversation followed on the
 *     second node while all sends go to the first; the baseline is the same run with the streams on the first.
 *     Its rounds ({@code nodes-delivery}) repeat that with fresh streams, on each node in turn.</li>
 * </ul>
 */
final class NodesBench {

    /**
     * A cluster is measured once every node's JIT compiler spent at most this share of a warm-up window compiling
     * (Micrometer's {@code jvm.compilation.time}). On two cores a server compiles its paths for minutes under load:
     * one node at 150 sends/s answered at a p50 of 650 ms at first and of 5 ms after 100 s. Measured sooner, a
     * cluster's capacity and latency are mostly how far its compilers got, and every added node compiles everything
     * again, at its share of the load.
     */
    private static final double COMPILING_AT_MOST = 0.05;
    private static final Duration WARM_UP_LONGEST = Duration.ofMinutes(10);
    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(15);
    /** The share of a cluster's rough capacity it runs at until its compilers settle, before it is measured. */
    private static final double WARM_AT = 0.75;
    private static final Duration MEASURE = Duration.ofSeconds(6);
    /**
     * Each node's heap. Up to four servers run at once (one node beside three), and the JVM's default, a quarter of
     * the machine's memory each, lets them claim all of it between them (24 GB: the three of the two-node run held
     * 19 GB); a node's live data stays under half a gigabyte.
     */
    private static final String NODE_HEAP = "-Xmx3g";
    /** Long enough for a p99 of a few thousand deliveries. */
    private static final Duration DELIVERY_MEASURE = Duration.ofSeconds(30);
    /**
     * One round of {@link #deliveryRounds}: long enough for every conversation to receive a few messages, the first
     * of them the first after its stream opened.
     */
    private static final Duration DELIVERY_ROUND = Duration.ofSeconds(6);
    /** How long the streams wait, after a measured load, for its messages still on their way. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofMinutes(5);
    /** How far behind its sends the read side may be at the end of a load the cluster sustains. */
    private static final Duration KEPT_UP = Duration.ofSeconds(1);
    private static final int HALVINGS = 3;
    private static final double FIRST_STEP = 50;
    private static final Duration COST_WINDOW = Duration.ofSeconds(20);
    private static final int COST_WINDOWS = 5;
    /** The share of the machine's CPU below which it counts as settled after a load ({@link #settle}). */
    private static final double QUIET = 0.25;
    private static final Duration SETTLE_LONGEST = Duration.ofSeconds(60);
    private static final Pattern SENT_AT = Pattern.compile("sent-at-(\\d+)");

    private NodesBench() {
    }

    static void run(Path serverJar, String postgres) throws Exception {
        Report report = new Report("Several nodes on one PostgreSQL and one MongoDB (open-loop sends, 2 cores)");
        try (Cluster one = new Cluster(serverJar, postgres, 1)) {
            warm(List.of(one), true);
            for (int nodes = 2; nodes <= 3; nodes++) {
                try (Cluster more = new Cluster(serverJar, postgres, nodes)) {
                    warm(List.of(more), true);
                    double[] searched = inTurn(List.of(List.of(one), List.of(more)));
                    double alone = searched[0];
                    double together = searched[1];
                    report.row(nodes + " node(s): sustained acknowledged sends, each conversation on one node "
                            + "(mean of two searches; one node searched before and after)", "%.0f /s; 1 node: %.0f /s"
                            .formatted(together, alone));
                    report.ratio(nodes + " nodes / 1 node, each conversation on one node", together / alone,
                            nodes == 2 ? ">= 0.8" : "(reported)");
                    if (nodes == 2) {
                        warm(List.of(more), false);
                        double shared = search(List.of(more));
                        report.row("2 node(s): the same, every node sending to every conversation",
                                "%.0f /s".formatted(shared));
                        report.ratio("2 nodes / 1 node, every node on every conversation", shared / alone,
                                "(reported)");
                        more.affinity = true;
                        double half = together / 2;
                        // The streaming path is compiled only once streams carry a load: a round left out of the
                        // figures, with streams on both nodes, warms it.
                        more.warmStreams(half);
                        double same = more.delivery(half, 0, DELIVERY_MEASURE).p99();
                        double across = more.delivery(half, 1, DELIVERY_MEASURE).p99();
                        report.row("live delivery p99 at half capacity, streams on the sending node", "%.1f ms"
                                .formatted(same));
                        report.row("live delivery p99 at half capacity, streams on the other node", "%.1f ms"
                                .formatted(across));
                        report.ratio("delivery p99 across nodes / on the sending node", across / same,
                                "(p99 across < 250 ms)");
                    }
                }
                // After each cluster: a run stopped during the next one keeps what it measured.
                report.print();
            }
        }
    }

    /**
     * What coordination costs, apart from what a second JVM on the same two cores costs: one node, two one-node
     * clusters side by side, each with its own PostgreSQL database and read-model database (on the same two servers)
     * and half of every load, and a two-node cluster sharing one of each. The separate pair shares no log, read
     * model, key or lease, so its ratio to one node is what a second JVM alone costs on this machine, and the
     * cluster's ratio to the pair is what the nodes' sharing costs. Each side is searched twice, in the order one
     * node, pair, cluster, cluster, pair, one node: a steady drift in the machine's speed weighs on all three alike.
     */
    static void apart(Path serverJar, String postgres) throws Exception {
        Report report = new Report("One node, two separate nodes and a two-node cluster (open-loop sends, 2 cores)");
        try (Cluster one = new Cluster(serverJar, postgres, 1);
             EmbeddedMongo shared = new EmbeddedMongo(Files.createTempDirectory("livechat-bench-apart-")
                     .resolve("readmodels.mv"), "127.0.0.1", HttpBench.freePort());
             Cluster first = new Cluster(serverJar, postgres, 1, shared);
             Cluster second = new Cluster(serverJar, postgres, 1, shared);
             Cluster two = new Cluster(serverJar, postgres, 2)) {
            List<Cluster> alone = List.of(one);
            List<Cluster> pair = List.of(first, second);
            List<Cluster> cluster = List.of(two);
            for (List<Cluster> side : List.of(alone, pair, cluster)) {
                warm(side, true);
            }
            double[] searched = inTurn(List.of(alone, pair, cluster));
            double single = searched[0];
            double separate = searched[1];
            double together = searched[2];
            String mean = " (mean of two searches)";
            report.row("1 node: sustained acknowledged sends" + mean, "%.0f /s".formatted(single));
            report.row("2 separate nodes" + mean, "%.0f /s".formatted(separate));
            report.row("2-node cluster, each conversation on one node" + mean, "%.0f /s".formatted(together));
            report.ratio("2 separate nodes / 1 node", separate / single, "(reported: a second JVM alone)");
            report.ratio("2-node cluster / 1 node", together / single, ">= 0.8");
            report.ratio("2-node cluster / 2 separate nodes", together / separate, "(reported: what sharing costs)");
        }
        report.print();
    }

    /**
     * The capacities of warm {@code sides}, each the mean of two {@link #search}es, in turn and back (one, two, three,
     * three, two, one): a steady drift in the machine's speed over the minutes this takes weighs on all alike.
     */
    private static double[] inTurn(List<List<Cluster>> sides) throws Exception {
        double[] sums = new double[sides.size()];
        for (int side = 0; side < sides.size(); side++) {
            sums[side] += search(sides.get(side));
        }
        for (int side = sides.size() - 1; side >= 0; side--) {
            sums[side] += search(sides.get(side));
        }
        return Arrays.stream(sums).map(sum -> sum / 2).toArray();
    }

    /**
     * Readies {@code side} for {@link #search}es of its capacity with or without {@code affinity}: a first search
     * finds it roughly, and its nodes run at {@link #WARM_AT} of it until their compilers settle. Warm at a light
     * load, a node still compiles for minutes once its load grows (at 800 sends/s, 15-25 % of a core for about two
     * minutes), and every added node compiles everything again.
     */
    private static void warm(List<Cluster> side, boolean affinity) throws Exception {
        side.forEach(cluster -> cluster.affinity = affinity);
        double share = WARM_AT * search(side) / side.size();
        atOnce(side, cluster -> {
            cluster.untilCompiled(cluster.ports.length + " node(s) warming up at " + Math.round(share) + "/s",
                    () -> cluster.run(share, WARM_UP_WINDOW));
            try (Cluster.ReadSide readSide = cluster.new ReadSide(cluster.ports[0])) {
                return readSide.lag();
            }
        });
    }

    /**
     * The acknowledged rate at the highest offered load {@code side} sustains: a doubling series up to the first
     * load not sustained, then {@link #HALVINGS} halvings of the interval between it and the last sustained.
     */
    private static double search(List<Cluster> side) throws Exception {
        double sustained = 0;
        double low = 0;
        double rate = FIRST_STEP;
        for (Double acknowledged = sustains(side, rate); acknowledged != null; acknowledged = sustains(side, rate)) {
            sustained = acknowledged;
            low = rate;
            rate *= 2;
        }
        double high = rate;
        for (int halving = 0; halving < HALVINGS; halving++) {
            double middle = (low + high) / 2;
            Double acknowledged = sustains(side, middle);
            if (acknowledged == null) {
                high = middle;
            } else {
                sustained = acknowledged;
                low = middle;
            }
        }
        return sustained;
    }

    /**
     * {@link #attempt} at {@code rate}, and again if it fails: a load is beyond the side only when it fails twice.
     * On a shared machine one stall of another process spoils a step's p99 now and then, and a search that takes it
     * for the edge answers half or a third of what the same cluster sustains in the next search.
     */
    private static Double sustains(List<Cluster> side, double rate) throws Exception {
        Double acknowledged = attempt(side, rate);
        return acknowledged != null ? acknowledged : attempt(side, rate);
    }

    /**
     * The rate {@code side} acknowledged at {@code rate} offered (an equal share to each of its clusters), or null
     * when a node did not sustain its share or a read side did not keep up: a message sent once the load ends must
     * reach a stream within {@link #KEPT_UP}. Acknowledging sends while the projections fall further behind every
     * second is not a rate the cluster sustains; its live streams would be minutes late.
     */
    private static Double attempt(List<Cluster> side, double rate) throws Exception {
        double share = rate / side.size();
        List<Attempted> attempts = atOnce(side, cluster -> {
            try (Cluster.ReadSide readSide = cluster.new ReadSide(cluster.ports[0])) {
                List<OpenLoad.Result> results = cluster.run(share, MEASURE);
                return new Attempted(cluster.ports.length, results, readSide.lag());
            }
        });
        boolean sustained = true;
        double acknowledged = 0;
        for (Attempted attempt : attempts) {
            System.out.println(attempt.nodes() + " node(s) at " + share + "/s: " + attempt.results() + ", read side "
                    + (attempt.behind() == null ? "not drained after " + DRAIN
                    : attempt.behind().toMillis() + " ms behind"));
            sustained &= attempt.behind() != null && attempt.behind().compareTo(KEPT_UP) <= 0
                    && attempt.results().stream().allMatch(OpenLoad.Result::sustained);
            acknowledged += attempt.results().stream().mapToDouble(OpenLoad.Result::acknowledged).sum();
        }
        settle();
        return sustained ? acknowledged : null;
    }

    /** One cluster's share of an {@link #attempt}: its nodes' results, and how far behind its read side was. */
    private record Attempted(int nodes, List<OpenLoad.Result> results, Duration behind) {
    }

    /** Work on one cluster of a side. */
    private interface ClusterWork<T> {
        T on(Cluster cluster) throws Exception;
    }

    /** {@code work} on every cluster of {@code side} at once; the answers in the side's order. */
    private static <T> List<T> atOnce(List<Cluster> side, ClusterWork<T> work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(side.size());
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Cluster cluster : side) {
                running.add(threads.submit(() -> work.on(cluster)));
            }
            List<T> answers = new ArrayList<>();
            for (Future<T> answer : running) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdown();
        }
    }

    /**
     * Whether the nodes' live streams miss messages, and how late they deliver, round after round: two nodes,
     * {@code rate} sends/s to the first for {@link #DELIVERY_ROUND}, every conversation followed by a stream opened
     * for the round, on the sending node in odd rounds and on the other node in even ones. Each round's first message
     * to a conversation is the first after its stream opened, which the stream has no earlier item to resume from: a
     * hand-over that comes before the read model holds it loses it for good, where a later one would only be late.
     * Each round's p99 is one sample of the delivery latency; the median and the worst round are reported per node.
     */
    static void deliveryRounds(Path serverJar, String postgres, int rounds, double rate) throws Exception {
        Report report = new Report("Live delivery, " + rounds + " rounds of " + DELIVERY_ROUND + " at "
                + Math.round(rate) + " sends/s to the first node, the streams on each node in turn (2 nodes, 2 cores)");
        try (Cluster cluster = new Cluster(serverJar, postgres, 2)) {
            cluster.warmStreams(rate);
            long[] acknowledged = new long[2];
            long[] missing = new long[2];
            int[] missed = new int[2];
            List<List<Double>> p99s = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<double[]>> stages = List.of(new ArrayList<>(), new ArrayList<>());
            List<List<Double>> sendP99s = List.of(new ArrayList<>(), new ArrayList<>());
            for (int round = 1; round <= rounds; round++) {
                int follower = (round - 1) % 2;
                System.out.println("round " + round + " of " + rounds + ", streams on node " + follower);
                Delivery delivery = cluster.delivery(rate, follower, DELIVERY_ROUND);
                acknowledged[follower] += delivery.acknowledged();
                missing[follower] += delivery.missing();
                missed[follower] += delivery.missing() > 0 ? 1 : 0;
                p99s.get(follower).add(delivery.p99());
                stages.get(follower).add(delivery.stages());
                sendP99s.get(follower).add(delivery.sendP99());
            }
            for (int follower = 0; follower < 2; follower++) {
                String where = follower == 0 ? "streams on the sending node" : "streams on the other node";
                List<Double> sorted = p99s.get(follower).stream().sorted().toList();
                if (sorted.isEmpty()) {
                    continue;
                }
                report.row(where + ": acknowledged messages; never delivered (within " + DELIVERY_WAIT
                        + " of their round)", "%d; %d in %d of %d rounds".formatted(acknowledged[follower],
                        missing[follower], missed[follower], sorted.size()));
                report.row(where + ": delivery p99 per round, median; worst round", "%.1f ms; %.1f ms"
                        .formatted(sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1)));
                List<Double> sendsSorted = sendP99s.get(follower).stream().sorted().toList();
                report.row(where + ": the sends' acknowledgement p99 in the same rounds, median", "%.1f ms"
                        .formatted(sendsSorted.get(sendsSorted.size() / 2)));
                List<double[]> timed = stages.get(follower);
                report.row(where + ": the node's own p99 until " + String.join(", ", LiveDelays.STAGES)
                        + ", median round", IntStream.range(0, LiveDelays.STAGES.size()).mapToObj(stage -> "%.0f ms"
                        .formatted(timed.stream().mapToDouble(round -> round[stage]).sorted()
                                .toArray()[timed.size() / 2])).collect(Collectors.joining("; ")));
            }
        }
        report.print();
    }

    /**
     * What a second node costs in CPU, which a capacity search on two busy cores measures only through its noise:
     * one node, two separate one-node clusters (each with its own database and read-model store, sharing nothing),
     * and a two-node cluster take the same offered {@code rate}, warm, for {@link #COST_WINDOWS} windows of
     * {@link #COST_WINDOW}. Each window's CPU time of the server processes, of PostgreSQL and of this JVM (the
     * read-model stores and the load) is divided by the sends acknowledged in it, and the medians are compared. The
     * separate nodes pay for a second JVM on the same cores and for half the load each, but coordinate nothing: what
     * the cluster costs beyond them is what sharing the stores costs.
     */
    static void cost(Path serverJar, String postgres, double rate) throws Exception {
        Report report = new Report("CPU per acknowledged send at " + Math.round(rate)
                + " sends/s, each conversation on one node (2 cores)");
        double[] one;
        double[] apart;
        double[] two;
        try (Cluster cluster = new Cluster(serverJar, postgres, 1)) {
            one = costOf(List.of(cluster), rate);
        }
        try (Cluster first = new Cluster(serverJar, postgres, 1);
             Cluster second = new Cluster(serverJar, postgres, 1)) {
            apart = costOf(List.of(first, second), rate);
        }
        try (Cluster cluster = new Cluster(serverJar, postgres, 2)) {
            two = costOf(List.of(cluster), rate);
        }
        String parts = ": servers; PostgreSQL; read-model stores and load";
        report.row("1 node" + parts, "%.3f; %.3f; %.3f ms".formatted(one[0], one[1], one[2]));
        report.row("2 separate nodes, half the rate each" + parts, "%.3f; %.3f; %.3f ms"
                .formatted(apart[0], apart[1], apart[2]));
        report.row("2 nodes sharing the stores" + parts, "%.3f; %.3f; %.3f ms".formatted(two[0], two[1], two[2]));
        report.ratio("2 nodes / 1 node, servers' CPU per send", two[0] / one[0], "(reported)");
        report.ratio("2 nodes / 1 node, all CPU per send", sum(two) / sum(one), "(reported)");
        report.ratio("2 separate nodes / 1 node, all CPU per send", sum(apart) / sum(one), "(reported)");
        report.ratio("2 nodes / 2 separate nodes, all CPU per send", sum(two) / sum(apart), "(reported)");
        report.print();
    }

    /**
     * Waits, after a load, until the machine's CPU is at most {@link #QUIET} busy over a second, for at most
     * {@link #SETTLE_LONGEST}: an overloaded step leaves the processors' backlog, collections and recompilation
     * behind, and a load started before they end runs slow (p50 of 12-115 ms at 50-200 sends/s, against 4-5 ms).
     */
    private static void settle() throws Exception {
        long deadline = System.nanoTime() + SETTLE_LONGEST.toNanos();
        long[] before = machineTicks();
        do {
            Thread.sleep(1_000);
            long[] after = machineTicks();
            double busy = (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
            if (busy <= QUIET) {
                return;
            }
            before = after;
        } while (System.nanoTime() < deadline);
        System.out.println("the machine was still busy " + SETTLE_LONGEST + " after the load");
    }

    /** The machine's busy and total CPU ticks so far, from the first line of {@code /proc/stat}. */
    private static long[] machineTicks() throws Exception {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int field = 1; field < Math.min(fields.length, 9); field++) {
            total += Long.parseLong(fields[field]);
        }
        // user nice system idle iowait irq softirq steal: idle and iowait are not busy
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total - idle, total};
    }

    private static double sum(double[] parts) {
        return Arrays.stream(parts).sum();
    }

    /**
     * CPU milliseconds per acknowledged send at {@code rate}, shared equally by {@code clusters} running side by
     * side, once warm at it: the medians over {@link #COST_WINDOWS} windows, of the servers, of PostgreSQL (every
     * process of the local server, as {@code ps} shows them) and of this JVM.
     */
    private static double[] costOf(List<Cluster> clusters, double rate) throws Exception {
        double share = rate / clusters.size();
        String what = clusters.size() == 1 ? clusters.get(0).ports.length + " node(s)"
                : clusters.size() + " separate nodes";
        atOnce(clusters, cluster -> {
            cluster.affinity = true;
            cluster.untilCompiled(what + " warming up at " + Math.round(share) + "/s",
                    () -> cluster.run(share, WARM_UP_WINDOW));
            return null;
        });
        double[][] windows = new double[3][COST_WINDOWS];
        for (int window = 0; window < COST_WINDOWS; window++) {
            double[] before = cpuTimes(clusters);
            List<OpenLoad.Result> results = atOnce(clusters, cluster -> cluster.run(share, COST_WINDOW)).stream()
                    .flatMap(List::stream).toList();
            double[] after = cpuTimes(clusters);
            double sends = results.stream().mapToDouble(OpenLoad.Result::acknowledged).sum()
                    * COST_WINDOW.toSeconds();
            for (int part = 0; part < 3; part++) {
                windows[part][window] = (after[part] - before[part]) / sends;
            }
            System.out.printf("%s at %.0f/s: %s; CPU per send: servers %.3f ms, PostgreSQL %.3f ms, "
                    + "this JVM %.3f ms%n", what, rate, results, windows[0][window], windows[1][window],
                    windows[2][window]);
        }
        return Arrays.stream(windows).mapToDouble(part -> Arrays.stream(part).sorted()
                .toArray()[COST_WINDOWS / 2]).toArray();
    }

    /** CPU time so far, in milliseconds: of the clusters' servers, of PostgreSQL's processes and of this JVM. */
    private static double[] cpuTimes(List<Cluster> clusters) {
        double ofServers = clusters.stream().flatMap(cluster -> cluster.servers.stream())
                .mapToDouble(server -> cpuMillis(server.toHandle())).sum();
        double postgres = ProcessHandle.allProcesses().filter(process -> process.info().command()
                .filter(command -> command.endsWith("/postgres")).isPresent())
                .mapToDouble(NodesBench::cpuMillis).sum();
        return new double[] {ofServers, postgres, cpuMillis(ProcessHandle.current())};
    }

    private static double cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    /**
     * One measured load's deliveries: its acknowledged messages, those that never arrived, the p99, the p99 of the
     * sends' acknowledgements, and the follower's own p99 until each of {@link LiveDelays#STAGES}.
     */
    private record Delivery(int acknowledged, int missing, double p99, double sendP99, double[] stages) {
    }

    /** Server processes sharing a fresh PostgreSQL database and one read-model database. */
    private static final class Cluster implements AutoCloseable {
        private final PostgresDatabase database;
        /** The cluster's own embedded MongoDB, or null when it keeps its database on a server it shares. */
        private final EmbeddedMongo ownMongo;
        private final List<Process> servers = new ArrayList<>();
        private final int[] ports;
        private final String[] conversations;
        /** Whether each conversation's sends go to one node (a balancer routing by conversation), else to all. */
        private boolean affinity;

        Cluster(Path serverJar, String postgres, int nodes) throws Exception {
            this(serverJar, postgres, nodes, null);
        }

        /** A cluster whose read models are a database of its own on {@code sharedMongo}, when that is not null. */
        Cluster(Path serverJar, String postgres, int nodes, EmbeddedMongo sharedMongo) throws Exception {
            Path data = Files.createTempDirectory("livechat-bench-nodes-");
            database = PostgresDatabase.create(postgres);
            ownMongo = sharedMongo != null ? null
                    : new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", HttpBench.freePort());
            EmbeddedMongo mongo = sharedMongo != null ? sharedMongo : ownMongo;
            ports = new int[nodes];
            for (int n = 0; n < nodes; n++) {
                ports[n] = HttpBench.freePort();
                servers.add(HttpBench.startServer(launch(serverJar),
                        Files.createDirectories(data.resolve("node-" + n)), ports[n], 0, List.of(
                                "--livechat.node.id=node-" + n, "--livechat.eventstore=" + database.url(),
                                "--livechat.mongodb.uri=" + mongo.connectionString(),
                                "--livechat.mongodb.database=livechat-" + data.getFileName(),
                                "--livechat.auth.data-dir=" + data.resolve("auth"),
                                "--livechat.privacy.data-dir=" + data.resolve("privacy"))));
                // The first node makes the signing key and the bench's accounts the others then share.
                HttpBench.awaitHealthy(ports[n]);
            }
            conversations = HttpBench.startConversations(ports[0]);
            warmUp();
        }

        /**
         * The server's launch with {@link #NODE_HEAP}, unless {@code BENCH_SERVER_JAVA_OPTS} sets a heap of its own.
         */
        private static List<String> launch(Path serverJar) {
            String options = System.getenv("BENCH_SERVER_JAVA_OPTS");
            return options != null && options.contains("-Xmx") ? List.of("-jar", serverJar.toString())
                    : List.of(NODE_HEAP, "-jar", serverJar.toString());
        }

        /**
         * Runs every node at {@link #FIRST_STEP} until its compiler settles ({@link #COMPILING_AT_MOST}, for at most
         * {@link #WARM_UP_LONGEST}), printing how latency and compilation settle, and waits for the read side to
         * drain what the cold nodes left queued.
         */
        private void warmUp() throws Exception {
            affinity = true;
            untilCompiled(ports.length + " node(s) warming up", () -> run(FIRST_STEP * ports.length,
                    WARM_UP_WINDOW));
            try (ReadSide readSide = new ReadSide(ports[0])) {
                Duration behind = readSide.lag();
                System.out.println(ports.length + " node(s) warmed up, read side " + (behind == null
                        ? "not drained after " + DRAIN : behind.toMillis() + " ms behind"));
            }
        }

        private List<OpenLoad.Result> run(double rate, Duration duration) throws Exception {
            ExecutorService senders = Executors.newFixedThreadPool(ports.length);
            try {
                List<Future<OpenLoad.Result>> shares = new ArrayList<>();
                for (int n = 0; n < ports.length; n++) {
                    int node = n;
                    String[] share = !affinity ? conversations : IntStream.range(0, conversations.length)
                            .filter(i -> i % ports.length == node).mapToObj(i -> conversations[i])
                            .toArray(String[]::new);
                    shares.add(senders.submit(() -> {
                        try (OpenLoad load = new OpenLoad(ports[node], BenchAuth.visitor(ports[0]))) {
                            return load.run(share, rate / ports.length, duration);
                        }
                    }));
                }
                List<OpenLoad.Result> results = new ArrayList<>();
                for (Future<OpenLoad.Result> share : shares) {
                    results.add(share.get());
                }
                return results;
            } finally {
                senders.shutdown();
            }
        }

        /**
         * Runs {@code window} again until every node's compiler settles ({@link #COMPILING_AT_MOST}) or
         * {@link #WARM_UP_LONGEST} has passed, printing each window's results and share of time compiling.
         */
        private void untilCompiled(String what, Callable<Object> window) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            double[] compiled = new double[ports.length];
            for (int n = 0; n < ports.length; n++) {
                compiled[n] = HttpBench.actuatorMetric(http, ports[n], "jvm.compilation.time");
            }
            long deadline = System.nanoTime() + WARM_UP_LONGEST.toNanos();
            double compiling = Double.POSITIVE_INFINITY;
            while (compiling > COMPILING_AT_MOST && System.nanoTime() < deadline) {
                long start = System.nanoTime();
                Object results = window.call();
                double millis = (System.nanoTime() - start) / 1e6;
                compiling = 0;
                for (int n = 0; n < ports.length; n++) {
                    double total = HttpBench.actuatorMetric(http, ports[n], "jvm.compilation.time");
                    compiling = Math.max(compiling, (total - compiled[n]) / millis);
                    compiled[n] = total;
                }
                System.out.printf("%s: %s, compiling up to %.0f %% of the time%n", what, results, compiling * 100);
            }
        }

        /** Sends to the first node at {@code rate}, every conversation followed on every node, until compiled. */
        void warmStreams(double rate) throws Exception {
            List<StreamSubscribers> streams = new ArrayList<>();
            try (OpenLoad load = new OpenLoad(ports[0], BenchAuth.visitor(ports[0]))) {
                for (int port : ports) {
                    streams.add(new StreamSubscribers(port, conversations, conversations.length, line -> {
                    }));
                }
                untilCompiled("streams warming up", () -> load.run(conversations, rate, WARM_UP_WINDOW));
            } finally {
                streams.forEach(StreamSubscribers::close);
            }
        }

        /**
         * The p99 of send-to-delivery, sends to the first node at {@code rate}, streams on node {@code follower}. It
         * starts once every stream has caught up: a marker message sent to each conversation has reached its stream.
         * So the read side has drained what earlier loads left (an overloaded capacity step leaves the projections
         * minutes behind), and the streams have received their conversations' histories, hundreds of items each
         * after a warm-up, which would otherwise still be read, rendered and sent while the load is measured. Only
         * this load's messages count. The streams stay open until every acknowledged message arrived, for at most
         * {@link #DELIVERY_WAIT}: one arriving late counts with its latency, one that never arrives is reported.
         */
        Delivery delivery(double rate, int follower, Duration measure) throws Exception {
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
            Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            Set<Long> delivered = ConcurrentHashMap.newKeySet();
            String caughtUp = "caught-up-" + System.nanoTime();
            AtomicInteger markers = new AtomicInteger();
            int resumed;
            int repeated;
            List<Long> missing;
            double[] stages;
            OpenLoad.Result sends;
            try (StreamSubscribers streams = new StreamSubscribers(ports[follower], conversations,
                    conversations.length, line -> {
                if (line.contains(caughtUp)) {
                    markers.incrementAndGet();
                }
                Matcher at = SENT_AT.matcher(line);
                if (at.find() && Long.parseLong(at.group(1)) >= measuredFrom.get()) {
                    long sent = Long.parseLong(at.group(1));
                    latencies.add(System.nanoTime() - sent);
                    delivered.add(sent);
                }
            }); OpenLoad load = new OpenLoad(ports[0], BenchAuth.visitor(ports[0]))) {
                System.out.println("streams on node " + follower + ": " + streams.connected() + " of "
                        + conversations.length + " connected");
                long opened = System.nanoTime();
                load.run(conversations, conversations.length, Duration.ofSeconds(1), new OpenLoad.Requests() {
                    @Override
                    public String text(int n) {
                        return caughtUp;
                    }
                });
                long waitUntil = opened + DRAIN.toNanos();
                while (markers.get() < conversations.length && System.nanoTime() < waitUntil) {
                    Thread.sleep(10);
                }
                System.out.println(markers.get() < conversations.length ? "the streams had not caught up after "
                        + DRAIN + "; measuring anyway" : "streams caught up in %.1f s".formatted(
                        (System.nanoTime() - opened) / 1e9));
                HttpClient http = HttpClient.newHttpClient();
                LiveDelays before = LiveDelays.of(http, ports[follower]);
                measuredFrom.set(System.nanoTime());
                sends = load.run(conversations, rate, measure, new OpenLoad.Requests() {
                    @Override
                    public String text(int n) {
                        long now = System.nanoTime();
                        sentAt.put(n, now);
                        return "sent-at-" + now;
                    }

                    @Override
                    public void answered(int n, int status, long nanoTime) {
                        if (status / 100 == 2) {
                            acknowledged.add(sentAt.get(n));
                        }
                    }
                });
                waitUntil = System.nanoTime() + DELIVERY_WAIT.toNanos();
                while (!delivered.containsAll(acknowledged) && System.nanoTime() < waitUntil) {
                    Thread.sleep(100);
                }
                LiveDelays after = LiveDelays.of(http, ports[follower]);
                stages = LiveDelays.STAGES.stream().mapToDouble(stage -> after.quantileMillis(stage, before, 0.99))
                        .toArray();
                resumed = streams.resumed();
                repeated = streams.repeated();
                missing = acknowledged.stream().filter(sent -> !delivered.contains(sent)).sorted().toList();
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("delivered on node %d: %d of %d acknowledged (%d lines), %d streams resumed, %d items "
                            + "repeated%n", follower, acknowledged.size() - missing.size(), acknowledged.size(),
                    sorted.length, resumed, repeated);
            if (!missing.isEmpty()) {
                System.out.println("not delivered within " + DELIVERY_WAIT + " of the load's end, sent at (s into "
                        + "the load): " + missing.stream().limit(10).map(sent -> "%.3f".formatted(
                        (sent - measuredFrom.get()) / 1e9)).toList());
            }
            System.out.printf("sends to node 0: %s; node %d's own p99 (its histogram's bucket bound) from the event's "
                    + "timestamp until %s%n", sends, follower, IntStream.range(0, stages.length).mapToObj(i -> "%s %.0f ms".formatted(
                            LiveDelays.STAGES.get(i), stages[i])).collect(Collectors.joining(", ")));
            if (sorted.length == 0) {
                return new Delivery(acknowledged.size(), missing.size(), Double.NaN, sends.p99(), stages);
            }
            System.out.printf("delivered on node %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", follower,
                    OpenLoad.millis(sorted, 0.50), OpenLoad.millis(sorted, 0.99), OpenLoad.millis(sorted, 1));
            return new Delivery(acknowledged.size(), missing.size(), OpenLoad.millis(sorted, 0.99), sends.p99(),
                    stages);
        }

        /** A stream on the first conversation at one node, to see how far behind the sends its read side is. */
        private final class ReadSide implements AutoCloseable {
            private final StreamSubscribers stream;
            private final String marker = "drained-" + System.nanoTime();
            private final CountDownLatch arrived = new CountDownLatch(1);

            ReadSide(int port) throws Exception {
                stream = new StreamSubscribers(port, conversations, 1, line -> {
                    if (line.contains(marker)) {
                        arrived.countDown();
                    }
                });
            }

            /**
             * How long a message sent now (to the first node) takes to reach the stream: the read side's backlog
             * drained, and the path itself. Null when it has not arrived within {@link #DRAIN}.
             */
            Duration lag() throws Exception {
                long sent = System.nanoTime();
                try (OpenLoad load = new OpenLoad(ports[0], BenchAuth.visitor(ports[0]))) {
                    load.run(new String[] {conversations[0]}, 1, Duration.ofSeconds(1), new OpenLoad.Requests() {
                        @Override
                        public String text(int n) {
                            return marker;
                        }
                    });
                }
                return arrived.await(DRAIN.toSeconds(), TimeUnit.SECONDS)
                        ? Duration.ofNanos(System.nanoTime() - sent) : null;
            }

            @Override
            public void close() {
                stream.close();
            }
        }

        @Override
        public void close() throws Exception {
            for (Process server : servers) {
                HttpBench.stopServer(server);
            }
            if (ownMongo != null) {
                ownMongo.close();
            }
            database.close();
        }
    }
}
