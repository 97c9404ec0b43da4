package livechat.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' entry point: one subcommand per benchmark of docs/benchmarks.md, each printing absolute numbers and
 * ratios.
 */
public final class Bench {

    private static final java.nio.file.Path SERVER_JAR = java.nio.file.Path.of("api/target/livechat-server.jar");
    private static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final java.nio.file.Path TOOL_JAR = java.nio.file.Path.of("replay-tools/target/livechat-tool.jar");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (which) {
            case "append" -> append(rest.length > 0 ? rest[0] : AppendBenchmark.H2);
            case "length" -> length();
            case "http" -> HttpBench.run(java.nio.file.Path.of(rest.length > 0 ? rest[0]
                    : "api/target/livechat-server.jar"));
            case "fanout" -> FanoutBench.run(SERVER_JAR,
                    rest.length > 0 ? java.util.Arrays.stream(rest).mapToInt(Integer::parseInt).toArray()
                            : new int[]{1_000, 10_000});
            case "projections" -> ProjectionBench.projections(SERVER_JAR, rest.length > 0
                    ? Long.parseLong(rest[0]) : 100_000);
            case "steady" -> SteadyBench.run(SERVER_JAR, rest.length > 0
                    ? java.util.Arrays.stream(rest).mapToDouble(Double::parseDouble).toArray()
                    : new double[]{200, 400, 800});
            case "catch-up" -> ProjectionBench.catchUp(SERVER_JAR, rest.length > 0 ? Long.parseLong(rest[0]) : 50_000,
                    rest.length > 1 ? Integer.parseInt(rest[1]) : 1);
            case "data-export" -> DataExportBench.run(SERVER_JAR, rest.length > 0 ? Integer.parseInt(rest[0]) : 10_000);
            case "disk" -> DiskBench.run(rest.length > 0 ? Long.parseLong(rest[0]) : 100_000);
            case "startup" -> StartupBench.run(SERVER_JAR, rest.length > 0
                    ? Arrays.stream(rest).map(Long::parseLong).toList() : List.of(0L, 100_000L, 1_000_000L));
            case "nodes" -> NodesBench.run(SERVER_JAR, rest.length > 0 ? rest[0] : LOCAL_POSTGRES);
            case "nodes-delivery" -> NodesBench.deliveryRounds(SERVER_JAR,
                    rest.length > 2 ? rest[2] : LOCAL_POSTGRES, rest.length > 0 ? Integer.parseInt(rest[0]) : 25,
                    rest.length > 1 ? Double.parseDouble(rest[1]) : 420);
            case "nodes-apart" -> NodesBench.apart(SERVER_JAR, rest.length > 0 ? rest[0] : LOCAL_POSTGRES);
            case "nodes-cost" -> NodesBench.cost(SERVER_JAR, rest.length > 1 ? rest[1] : LOCAL_POSTGRES,
                    rest.length > 0 ? Double.parseDouble(rest[0]) : 400);
            case "checkpoint" -> CheckpointBench.run(rest.length > 0 ? Integer.parseInt(rest[0]) : 100_000);
            case "replay" -> ProjectionBench.replay(SERVER_JAR, TOOL_JAR,
                    rest.length > 0 ? Long.parseLong(rest[0]) : 1_000_000,
                    rest.length > 1 ? Long.parseLong(rest[1]) : 100_000);
            default -> {
                System.err.println("usage: bench/run append [h2|jdbc:postgresql://host:port/database|"
                        + KurrentFixture.DOUBLE + "|kurrentdb connection string] | length | http [server jar] | steady [rates...]"
                        + " | fanout [subscribers...]"
                        + " | projections [events] | catch-up [events] [rounds]"
                        + " | replay [events] [events for the live rate] | checkpoint [conversations]"
                        + " | startup [events...] | disk [messages] | data-export [messages]"
                        + " | nodes [jdbc:postgresql URL] | nodes-delivery [rounds] [sends/s] [jdbc:postgresql URL]"
                        + " | nodes-apart [jdbc:postgresql URL] | nodes-cost [sends/s] [jdbc:postgresql URL]");
                System.exit(2);
            }
        }
    }

    private static void append(String store) throws RunnerException {
        boolean h2 = store.equals(AppendBenchmark.H2);
        List<String> paths = new ArrayList<>(List.of(AppendBenchmark.RAW, AppendBenchmark.OUT_OF_THE_BOX,
                AppendBenchmark.PRODUCTION, AppendBenchmark.UNLINKED));
        if (h2) {
            paths.add(AppendBenchmark.GROUP_COMMITS);
            paths.add(AppendBenchmark.SEALED);
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RunResult result : jmh(new OptionsBuilder().include(AppendBenchmark.class.getName())
                .param("store", store).param("path", paths.toArray(String[]::new)))) {
            rates.put(result.getParams().getParam("path"), result.getPrimaryResult().getScore());
        }
        double production = rates.get(AppendBenchmark.PRODUCTION);
        boolean jdbc = h2 || store.startsWith(PostgresDatabase.SCHEME);
        Report report = new Report(h2 ? "Append path (SendMessage/s, 16 threads, H2 file, WRITE_DELAY=0)"
                // A connection string may carry credentials.
                : jdbc ? "Append path (SendMessage/s, 16 threads, PostgreSQL, a database of its own on the server)"
                : "Append path (SendMessage/s, 16 threads, KurrentDB: %s)".formatted(
                        store.equals(KurrentFixture.DOUBLE) ? store : "a server"));
        rates.forEach((path, rate) -> report.row(path, "%.0f /s".formatted(rate)));
        report.ratio("production / Axon out of the box", production / rates.get(AppendBenchmark.OUT_OF_THE_BOX),
                ">= 4");
        report.ratio(jdbc ? "production / raw JDBC inserts" : "production / raw client appends",
                production / rates.get(AppendBenchmark.RAW), ">= 0.20");
        report.ratio("production / production without the audit chain",
                production / rates.get(AppendBenchmark.UNLINKED), ">= 0.90");
        if (h2) {
            report.ratio("with group commits / production", rates.get(AppendBenchmark.GROUP_COMMITS) / production,
                    "(not used by the server)");
            report.ratio("production sealed / production plain", rates.get(AppendBenchmark.SEALED) / production,
                    ">= 0.85");
        }
        report.print();
    }

    private static void length() throws RunnerException {
        Map<String, double[]> latencies = new LinkedHashMap<>();
        for (RunResult result : jmh(new OptionsBuilder().include(ConversationLengthBenchmark.class.getName()))) {
            var stats = result.getPrimaryResult().getStatistics();
            latencies.put(result.getParams().getParam("cache") + "@" + result.getParams().getParam("length"),
                    new double[]{stats.getPercentile(50), stats.getPercentile(99), stats.getMean()});
        }
        Report report = new Report("Conversation length: one more SendMessage (ms)");
        latencies.forEach((key, ms) -> report.row(key, "p50 %.2f  p99 %.2f  mean %.2f".formatted(ms[0], ms[1], ms[2])));
        for (String cache : new String[]{"warm", "cold"}) {
            double[] shortOne = latencies.get(cache + "@10");
            double[] longOne = latencies.get(cache + "@100000");
            report.ratio(cache + " 100,000 / 10 (p50)", longOne[0] / shortOne[0], "< 1.5");
            report.ratio(cache + " 100,000 / 10 (mean)", longOne[2] / shortOne[2], "< 1.5");
        }
        report.row("cold load at 100,000 (p50, target < 50 ms)", "%.2f ms".formatted(latencies.get("cold@100000")[0]));
        report.print();
    }

    private static Collection<RunResult> jmh(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }
}
