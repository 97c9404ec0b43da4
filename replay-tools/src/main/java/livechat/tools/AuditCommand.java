package livechat.tools;

import livechat.events.audit.AuditBundle;
import livechat.events.audit.Checkpoint;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.CheckpointSink.State;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.AuditQueries;
import livechat.events.audit.ChainVerification;
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
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Tamper evidence: verify hash chains against the event store, export and check bundles.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Check.class})
class AuditCommand {

    /** Where checkpoints are, and whose signature they must carry. */
    static class CheckpointOptions {

        @Option(names = "--checkpoints", paramLabel = "<dir>",
                description = "The checkpoint sink (LIVECHAT_AUDIT_CHECKPOINT_DIR, or checkpoints in the data folder).")
        Path folder;

        @Option(names = "--public-key", paramLabel = "<key>",
                description = "The checkpoint signer's Ed25519 public key: Base64 (X.509), or a PEM file. By default "
                        + "the one in the data folder's key file; without any, each checkpoint is checked against the "
                        + "key it names, which proves only that it is consistent with itself.")
        String publicKey;

        CheckpointSink sink(StoreOptions store) {
            String configured = System.getenv("LIVECHAT_AUDIT_CHECKPOINT_DIR");
            return new CheckpointSink(folder != null ? folder : configured != null && !configured.isBlank()
                    ? Path.of(configured) : store.dataDir.resolve("checkpoints"));
        }

        PublicKey key(StoreOptions store) {
            if (publicKey == null) {
                Path file = store == null ? null : store.dataDir.resolve("keys").resolve("checkpoint-ed25519.pem");
                if (file == null || !Files.exists(file)) {
                    System.err.println("note: no --public-key: checkpoints are checked against the key they name");
                    return null;
                }
                return read(file);
            }
            Path file = Path.of(publicKey);
            return Files.exists(file) ? read(file) : Checkpoint.publicKey(publicKey);
        }

        private static PublicKey read(Path file) {
            try {
                String pem = Files.readString(file);
                return pem.contains("PRIVATE KEY") ? CheckpointKey.parse(pem).publicKey() : Checkpoint.publicKey(
                        pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""));
            } catch (IOException e) {
                throw new ToolFailure("cannot read the public key " + file + ": " + e.getMessage(),
                        LivechatTool.NOT_FOUND);
            }
        }
    }

    private static AuditQueries queries(Stores stores, StoreOptions options, CheckpointOptions checkpoints) {
        CheckpointSink sink = checkpoints.sink(options);
        State state;
        try {
            state = sink.load(checkpoints.key(options));
        } catch (IOException e) {
            throw new ToolFailure("the checkpoints in " + sink.folder() + " cannot be trusted: " + e.getMessage(),
                    LivechatTool.DIFFERENCES);
        }
        if (state.latest() == null) {
            System.err.println("note: no checkpoint in " + sink.folder() + ": only the stored links are checked");
        }
        return new AuditQueries(new AuditCollections(stores.readModels()), new JdbcStoredEvents(stores.events()),
                () -> state, sink, Clock.systemUTC(), stores.keys());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes each conversation's chain from the event store, checks every stored link, and "
                    + "holds the chain against the latest checkpoint in the sink; exits 1 if anything does not hold.")
    static class Verify implements java.util.concurrent.Callable<Integer> {

        @Mixin
        StoreOptions options;

        @ArgGroup(exclusive = false)
        CheckpointOptions checkpoints = new CheckpointOptions();

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
                AuditQueries queries = queries(stores, options, checkpoints);
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
                System.out.printf("%d conversation(s) checked, %d whose chain does not hold%n",
                        conversations.size(), failed);
                return failed == 0 ? 0 : LivechatTool.DIFFERENCES;
            }
        }

        private static Optional<ChainVerification> verify(AuditQueries queries, String conversationId) {
            return queries.handle(new VerifyConversationAudit(conversationId)).blockOptional();
        }

        private static void print(ChainVerification result) {
            if (result.ok()) {
                System.out.printf("OK %s: %d event(s), head %s%n", result.conversationId(), result.checked(),
                        result.head());
            } else {
                System.out.printf("MISMATCH %s at sequence %d%s: %s%n", result.conversationId(), result.sequence(),
                        result.firstMismatch() == null ? "" : " (position " + result.firstMismatch() + ")",
                        result.reason());
            }
            System.out.printf("  %s; %s%n", result.linkedFrom() == null ? "no write-time links"
                    : "write-time links from sequence " + result.linkedFrom(), result.checkpoint() == null
                    ? "not yet in a checkpoint"
                    : "anchored up to sequence " + result.checkpoint().sequence() + " by checkpoint "
                    + result.checkpoint().checkpoint() + " (" + result.checkpoint().createdAt() + ")");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a conversation's audit bundle from the event store: events.ndjson, access.ndjson "
                    + "and manifest.json with the final link, the latest checkpoint and the inclusion proof, in one "
                    + "zip.")
    static class Export implements java.util.concurrent.Callable<Integer> {

        @Mixin
        StoreOptions options;

        @ArgGroup(exclusive = false)
        CheckpointOptions checkpoints = new CheckpointOptions();

        @Parameters(paramLabel = "<conversation-id>")
        String conversationId;

        @Option(names = "--out", paramLabel = "<file>", description = "Where to write it (audit-<id>.zip).")
        Path out;

        @Override
        public Integer call() throws IOException {
            byte[] bundle;
            try (Stores stores = new Stores(options)) {
                bundle = queries(stores, options, checkpoints).handle(new ExportAuditBundle(conversationId))
                        .blockOptional()
                        .orElseThrow(() -> new ToolFailure("no events for conversation " + conversationId,
                                LivechatTool.NOT_FOUND));
            }
            Path file = out != null ? out : Path.of("audit-" + conversationId + ".zip");
            Files.write(file, bundle);
            AuditBundle.Verification written = AuditBundle.verify(new java.io.ByteArrayInputStream(bundle), null);
            System.out.printf("wrote %s: %d event(s), final chain hash %s%n", file, written.events(),
                    written.finalChainHash());
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Verifies a bundle offline, without any store: every link, the final one against the "
                    + "manifest, the inclusion proof against the checkpoint and the checkpoint's signature against "
                    + "--public-key; exits 1 if anything does not hold.")
    static class Check implements java.util.concurrent.Callable<Integer> {

        @Parameters(paramLabel = "<bundle>")
        Path bundle;

        @ArgGroup(exclusive = false)
        CheckpointOptions checkpoints = new CheckpointOptions();

        @Override
        public Integer call() {
            AuditBundle.Verification result;
            try (InputStream in = Files.newInputStream(bundle)) {
                result = AuditBundle.verify(in, checkpoints.key(null));
            } catch (NoSuchFileException e) {
                throw new ToolFailure("no such bundle: " + bundle, LivechatTool.NOT_FOUND);
            } catch (IOException e) {
                System.out.printf("FAILED %s: the bundle is damaged or not an audit bundle (%s)%n", bundle,
                        e.getMessage());
                return LivechatTool.DIFFERENCES;
            }
            if (result.ok()) {
                System.out.printf("OK %s: %d event(s), final chain hash %s, %s%n", bundle, result.events(),
                        result.finalChainHash(), result.anchoredBy() == null ? "in no checkpoint"
                                : "anchored up to sequence " + result.anchoredSequence() + " by checkpoint "
                                + result.anchoredBy());
                return 0;
            }
            System.out.printf("FAILED %s: %s%s%n", bundle, result.reason(), result.firstMismatch() == null ? ""
                    : " (position " + result.firstMismatch() + ", sequence " + result.sequence() + ")");
            return LivechatTool.DIFFERENCES;
        }
    }
}
