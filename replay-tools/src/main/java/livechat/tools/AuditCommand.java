package livechat.tools;

import livechat.events.audit.AuditBundle;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.AuditQueries;
import livechat.query.audit.ChainVerification;
import livechat.query.audit.ExportAuditBundle;
import livechat.query.audit.VerifyConversationAudit;
import livechat.tools.LivechatTool.ToolFailure;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Tamper evidence: verify hash chains against the event store, export and check bundles.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Check.class})
class AuditCommand {

    private static AuditQueries queries(Stores stores) {
        return new AuditQueries(new AuditCollections(stores.readModels()), new JdbcStoredEvents(stores.events()),
                Clock.systemUTC());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes the hash chains from the event store and compares them with the dispute-audit "
                    + "read model; exits 1 if any differs.")
    static class Verify implements java.util.concurrent.Callable<Integer> {

        @Mixin
        StoreOptions options;

        @ArgGroup(multiplicity = "1")
        Target target;

        static class Target {
            @Parameters(paramLabel = "<conversation-id>")
            String conversationId;

            @Option(names = "--all", description = "Every conversation in the event store.")
            boolean all;
        }

        @Override
        public Integer call() {
            try (Stores stores = new Stores(options)) {
                AuditQueries queries = queries(stores);
                if (!target.all) {
                    ChainVerification result = verify(queries, target.conversationId).orElseThrow(() ->
                            new ToolFailure("no events for conversation " + target.conversationId,
                                    LivechatTool.NOT_FOUND));
                    print(result);
                    return result.ok() ? 0 : LivechatTool.DIFFERENCES;
                }
                List<String> conversations = new EventLog(stores.events()).conversations();
                int failed = 0;
                try (ProgressBar bar = Progress.bar("audit verify", conversations.size(), " conversations")) {
                    for (String conversationId : conversations) {
                        ChainVerification result = verify(queries, conversationId).orElseThrow();
                        if (!result.ok()) {
                            failed++;
                            print(result);
                        }
                        bar.step();
                    }
                }
                System.out.printf("%d conversation(s) checked, %d with a chain that does not match the event "
                        + "store%n", conversations.size(), failed);
                return failed == 0 ? 0 : LivechatTool.DIFFERENCES;
            }
        }

        private static Optional<ChainVerification> verify(AuditQueries queries, String conversationId) {
            return queries.handle(new VerifyConversationAudit(conversationId)).blockOptional();
        }

        private static void print(ChainVerification result) {
            if (result.ok()) {
                System.out.printf("OK %s: %d event(s) match, chain hash %s%s%n", result.conversationId(),
                        result.checked(), result.chainHash(), result.notYetAudited() == 0 ? ""
                                : " (" + result.notYetAudited() + " newer event(s) not yet audited)");
            } else {
                System.out.printf("MISMATCH %s at position %d (sequence %d): %s%n", result.conversationId(),
                        result.firstMismatch(), result.sequence(), result.reason());
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a conversation's audit bundle: events.ndjson and manifest.json with the final chain "
                    + "hash, in one zip.")
    static class Export implements java.util.concurrent.Callable<Integer> {

        @Mixin
        StoreOptions options;

        @Parameters(paramLabel = "<conversation-id>")
        String conversationId;

        @Option(names = "--out", paramLabel = "<file>", description = "Where to write it (audit-<id>.zip).")
        Path out;

        @Override
        public Integer call() throws IOException {
            byte[] bundle;
            try (Stores stores = new Stores(options)) {
                bundle = queries(stores).handle(new ExportAuditBundle(conversationId)).blockOptional()
                        .orElseThrow(() -> new ToolFailure("no audit recorded for conversation " + conversationId,
                                LivechatTool.NOT_FOUND));
            }
            Path file = out != null ? out : Path.of("audit-" + conversationId + ".zip");
            Files.write(file, bundle);
            AuditBundle.Verification written = AuditBundle.verify(new java.io.ByteArrayInputStream(bundle));
            System.out.printf("wrote %s: %d event(s), final chain hash %s%n", file, written.events(),
                    written.finalChainHash());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Verifies a bundle offline, without any store: every digest, every link, and the final "
                    + "hash against the manifest; exits 1 if anything does not hold.")
    static class Check implements java.util.concurrent.Callable<Integer> {

        @Parameters(paramLabel = "<bundle>")
        Path bundle;

        @Override
        public Integer call() {
            AuditBundle.Verification result;
            try (InputStream in = Files.newInputStream(bundle)) {
                result = AuditBundle.verify(in);
            } catch (NoSuchFileException e) {
                throw new ToolFailure("no such bundle: " + bundle, LivechatTool.NOT_FOUND);
            } catch (IOException e) {
                System.out.printf("FAILED %s: the bundle is damaged or not an audit bundle (%s)%n", bundle,
                        e.getMessage());
                return LivechatTool.DIFFERENCES;
            }
            if (result.ok()) {
                System.out.printf("OK %s: %d event(s), final chain hash %s%n", bundle, result.events(),
                        result.finalChainHash());
                return 0;
            }
            System.out.printf("FAILED %s: %s%s%n", bundle, result.reason(), result.firstMismatch() == null ? ""
                    : " (position " + result.firstMismatch() + ", sequence " + result.sequence() + ")");
            return LivechatTool.DIFFERENCES;
        }
    }
}
