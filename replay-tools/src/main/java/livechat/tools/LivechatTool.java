package livechat.tools;

import livechat.tools.migrate.MigrateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operators' tool. Its subcommands (rebuild, verify, audit, migrate, stats, events) arrive one by one. */
@Command(name = "livechat-tool", mixinStandardHelpOptions = true, version = "livechat-tool 0.1.0",
        subcommands = MigrateCommand.class,
        description = "Rebuild, verify, export and inspect livechat's event log and read models.")
public class LivechatTool implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LivechatTool()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
