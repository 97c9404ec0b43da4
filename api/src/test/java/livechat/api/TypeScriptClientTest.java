package livechat.api;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TypeScript client in clients/typescript, against a running server: its types are the ones the committed
 * snapshot generates, it compiles, and its smoke script starts a conversation, sends, gets a typed 409 refusal and
 * reads the transcript. Skipped, with one line saying why, where Node.js is missing or npm cannot reach its registry.
 */
@ServerTest
class TypeScriptClientTest {

    private static final Path CLIENT = OpenApiContractTest.SNAPSHOT.getParent();

    @Test
    void theGeneratedClientStartsSendsIsRefusedAndReads(LivechatServer server) throws Exception {
        skipWithout("node", "--version");
        skipWithout("npm", "--version");
        skipWithout("npm", "ping");

        run("npm", "ci", "--no-audit", "--no-fund");
        run("npm", "run", "check");
        run("npm", "run", "bundle:check");
        run("npm", "run", "build");
        assertThat(run("npm", "run", "--silent", "smoke", "--", server.baseUrl()))
                .contains("refused conversation-open").contains("read the transcript");
    }

    private static void skipWithout(String... command) throws InterruptedException {
        Result result;
        try {
            result = execute(command);
        } catch (IOException e) {
            result = new Result(-1, e.getMessage());
        }
        if (result.exitCode() != 0) {
            String reason = "TypeScript client test skipped: '" + String.join(" ", command) + "' failed ("
                    + result.output().strip().lines().findFirst().orElse("exit " + result.exitCode()) + ")";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Result result = execute(command);
        assertThat(result.exitCode()).as("%s:%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    record Result(int exitCode, String output) {
    }

    private static Result execute(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("typescript-client-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " took over 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
