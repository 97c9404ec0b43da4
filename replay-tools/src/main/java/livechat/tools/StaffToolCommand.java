package livechat.tools;

import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.staff.StaffEvent.StaffAccountCreated;
import livechat.query.staff.StaffCredentials;
import livechat.tools.LivechatTool.ToolFailure;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;

/** Staff accounts from the command line, for the first admin or when no admin can sign in. */
@Command(name = "staff", mixinStandardHelpOptions = true, description = "Manage staff accounts.",
        subcommands = {StaffToolCommand.Add.class})
class StaffToolCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Creates a staff account, as an admin would: its StaffAccountCreated event goes into the "
                    + "event log (by system:livechat-tool) and its password's hash into the credentials store "
                    + "(staff_credentials). Works with the server stopped or running, and on a data folder no server "
                    + "has used yet; a running server signs the account in once its staff directory shows it.",
                    "The password is asked for twice on the terminal, or read as one line from standard input "
                            + "with --password-stdin."})
    static class Add implements Callable<Integer> {

        /** What an account may hold: everyone but visitors, who have none, and the server itself. */
        private static final Set<Role> STAFF_ROLES = Role.staff();
        static final Actor TOOL = Actor.system("livechat-tool");

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions options;

        @Parameters(paramLabel = "<username>", description = "1 to 128 letters, digits, '.', '_', '@' or '-'.")
        String username;

        @Option(names = "--roles", split = ",", required = true, paramLabel = "<role>",
                description = "Comma-separated: agent, supervisor, auditor, admin, ops.")
        List<String> roles;

        @Option(names = "--password-stdin", description = "Read the password from standard input (one line).")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            try {
                new Actor(Role.AGENT, username);
            } catch (IllegalArgumentException malformed) {
                throw new ParameterException(spec.commandLine(), "a username is 1 to 128 letters, digits, '.', '_', "
                        + "'@' or '-'");
            }
            Set<String> wireRoles = new TreeSet<>();
            for (String name : roles) {
                Role role;
                try {
                    role = Role.fromWireName(name.strip().toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    role = null;
                }
                if (role == null || !STAFF_ROLES.contains(role)) {
                    throw new ParameterException(spec.commandLine(), "a staff role is one of agent, supervisor, "
                            + "auditor, admin, ops; '" + name + "' is not");
                }
                wireRoles.add(role.wireName());
            }
            String password = password();
            if (password.length() < 10 || password.length() > 64
                    || password.getBytes(StandardCharsets.UTF_8).length > 72) {
                throw new ParameterException(spec.commandLine(), "a password is 10 to 64 characters (at most 72 "
                        + "bytes in UTF-8)");
            }
            String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password);
            try (Stores stores = new Stores(options, true)) {
                append(stores.engine(), new StaffAccountCreated(username, wireRoles, TOOL));
                new StaffCredentials(stores.readModels(), Clock.systemUTC()).store(username, hash).block();
            }
            System.out.println("created the staff account " + username + " " + wireRoles + "; it signs in at "
                    + "POST /api/auth/token once the server's staff directory shows it");
            return 0;
        }

        /** The account's first event, as the StaffAccount aggregate would write it: sequence 0 of its stream. */
        private void append(EventStorageEngine engine, StaffAccountCreated created) {
            String accountId = "staff:" + username;
            try {
                engine.appendEvents(new GenericDomainEventMessage<>("StaffAccount", accountId, 0, created,
                        MetaData.with("actor", TOOL.toString()), UUID.randomUUID().toString(),
                        Clock.systemUTC().instant()));
            } catch (AggregateStreamCreationException exists) {
                throw new ToolFailure("there is already a staff account " + username + "; nothing was written",
                        LivechatTool.DIFFERENCES);
            } catch (RuntimeException failure) {
                if (engine.lastSequenceNumberFor(accountId).isPresent()) {
                    throw new ToolFailure("there is already a staff account " + username + "; nothing was written",
                            LivechatTool.DIFFERENCES);
                }
                throw failure;
            }
        }

        private String password() throws IOException {
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new ParameterException(spec.commandLine(), "no password on standard input");
                }
                return line;
            }
            Console console = System.console();
            if (console == null) {
                throw new ParameterException(spec.commandLine(), "no terminal to ask for the password on: use "
                        + "--password-stdin");
            }
            char[] first = console.readPassword("Password for %s: ", username);
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new ParameterException(spec.commandLine(), "the two passwords differ");
            }
            return new String(first);
        }
    }
}
