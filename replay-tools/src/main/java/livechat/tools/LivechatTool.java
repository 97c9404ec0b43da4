package livechat.tools;

import livechat.tools.migrate.MigrateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operators' tool, run against the stores the server uses. Exit codes: 0 ok, 1 differences or a failed
 * verification, 2 usage errors, 3 a store that cannot be opened or read, 4 nothing found for the
 * given id, 5 the server runs and the operation needs it stopped.
 */
@Command(name = "livechat-tool", mixinStandardHelpOptions = true, version = "livechat-tool 0.1.0",
        description = "Rebuild, verify, export and inspect livechat's event log and read models; add staff accounts.",
        subcommands = {RebuildCommand.class, VerifyCommand.class, AuditCommand.class, StatsCommand.class,
                EventsCommand.class, MigrateCommand.class, StaffToolCommand.class, MongoCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:differences found or verification failed", "2:usage error",
                "3:a store cannot be opened or read", "4:nothing found for the given id",
                "5:the server is running and the operation needs it stopped"})
public class LivechatTool implements Runnable {

    public static final int DIFFERENCES = 1;
    public static final int STORE_FAILURE = 3;
    public static final int NOT_FOUND = 4;
    public static final int SERVER_RUNNING = 5;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The tool as a {@link CommandLine}, failures reported on one line of stderr with their exit code. */
    public static CommandLine commandLine() {
        return new CommandLine(new LivechatTool()).setExecutionExceptionHandler((failure, commandLine, parsed) -> {
            commandLine.getErr().println("livechat-tool: " + message(failure));
            return failure instanceof ToolFailure toolFailure ? toolFailure.exitCode() : STORE_FAILURE;
        });
    }

    private static String message(Throwable failure) {
        if (failure instanceof ToolFailure) {
            return failure.getMessage();
        }
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
             cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString().replace('\n', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A failure the tool can explain in one line, with the exit code it ends with. */
    static final class ToolFailure extends RuntimeException {
        private final int exitCode;

        ToolFailure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
