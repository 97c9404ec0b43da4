package livechat.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The packaged tool ({@code target/livechat-tool.jar}) run as an operator runs it: its own JVM, its own process. */
final class ToolProcess {

    record Result(int exitCode, String out, String err) {
    }

    private final Path dataDir;
    private final int mongoPort;
    /** Each process's output files, so processes that run at the same time keep theirs apart. */
    private final Map<Process, Path> outputs = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();

    ToolProcess(Path dataDir, int mongoPort) {
        this.dataDir = dataDir;
        this.mongoPort = mongoPort;
    }

    Process start(String... args) throws IOException {
        return startWithInput(null, args);
    }

    /** Started with {@code input} (none when null) on its standard input. */
    Process startWithInput(String input, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("livechat.tool.jar")));
        command.addAll(List.of(args));
        Path output = dataDir.resolve("tool-" + started.incrementAndGet());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                .redirectOutput(output.resolveSibling(output.getFileName() + ".out").toFile())
                .redirectError(output.resolveSibling(output.getFileName() + ".err").toFile());
        // The same settings the server reads; nothing passed on the command line.
        builder.environment().put("LIVECHAT_DATA_DIR", dataDir.toAbsolutePath().toString());
        builder.environment().put("LIVECHAT_EMBEDDED_MONGODB_PORT", String.valueOf(mongoPort));
        builder.environment().remove("LIVECHAT_MONGODB_URI");
        if (input != null) {
            Path in = output.resolveSibling(output.getFileName() + ".in");
            Files.writeString(in, input, StandardCharsets.UTF_8);
            builder.redirectInput(in.toFile());
        }
        Process process = builder.start();
        outputs.put(process, output);
        return process;
    }

    Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    Result runWithInput(String input, String... args) throws Exception {
        Process process = startWithInput(input, args);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("livechat-tool " + String.join(" ", args) + " did not end in 5 minutes");
        }
        return finished(process);
    }

    Result finished(Process process) throws IOException {
        Path output = outputs.remove(process);
        return new Result(process.exitValue(),
                Files.readString(output.resolveSibling(output.getFileName() + ".out"), StandardCharsets.UTF_8),
                Files.readString(output.resolveSibling(output.getFileName() + ".err"), StandardCharsets.UTF_8));
    }
}
