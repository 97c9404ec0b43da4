package livechat.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import livechat.events.audit.CheckpointKey;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged tool against real stores on disk, with the server's projections running beside it. */
class LivechatToolIT {

    private Path dataDir;
    private RunningServer server;
    private ToolProcess tool;
    private History history;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createDirectories(Path.of("target", "it", UUID.randomUUID().toString()));
        server = new RunningServer(dataDir);
        tool = new ToolProcess(dataDir, server.mongoPort);
        history = new History(server.eventStore());
        history.agent();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rebuildWhileMessagesKeepArrivingEndsEqualToAFreshProjection() throws Exception {
        history.conversations(20, 8);
        server.awaitCaughtUp();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                history.conversations(1, 4);
                written.incrementAndGet();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();
        ToolProcess.Result rebuild;
        try {
            rebuild = tool.run("rebuild", "all", "--batch-size", "50");
        } finally {
            writing.set(false);
            writer.join();
        }

        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("rebuilt transcript", "rebuilt agent-metrics", "rebuilt dispute-audit");
        assertThat(written.get()).as("conversations written during the rebuild").isPositive();
        assertThat(server.database().listCollectionNames().into(new java.util.ArrayList<>()))
                .noneMatch(name -> name.endsWith(RebuildCommand.SUFFIX));
        assertThat(server.database().getCollection(RebuildCommand.PROGRESS).countDocuments()).isZero();
        server.awaitCaughtUp();
        try (FreshProjection fresh = new FreshProjection(server.sealing())) {
            fresh.assertEqual(server.readModels(), server.engine());
        }

        // The swapped-in collections are what a restarted server finds, not empty ones under their names.
        server.close();
        server = new RunningServer(dataDir);
        server.awaitCaughtUp();
        try (FreshProjection fresh = new FreshProjection(server.sealing())) {
            fresh.assertEqual(server.readModels(), server.engine());
        }
    }

    @Test
    void verifyReportsADocumentAlteredByHandAndExitsOne() throws Exception {
        String conversation = history.conversations(5, 4).get(2);
        server.awaitCaughtUp();
        ToolProcess.Result clean = tool.run("verify", "all");
        assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains("OK transcript", "OK agent-metrics", "OK dispute-audit");

        String altered = conversation + ":3";
        server.database().getCollection("transcript_entries")
                .updateOne(Filters.eq("_id", altered), Updates.set("text", "I never said that"));
        ToolProcess.Result verify = tool.run("verify", "transcript");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("DIFFERS transcript: 1 document(s) differ")
                .contains("transcript_entries " + altered + ": text is \"I never said that\"");
    }

    @Test
    void verifyReportsAReadModelBehindItsProcessorAsLagNotAsADifference() throws Exception {
        history.conversations(3, 4);
        server.awaitCaughtUp();
        server.stopProcessors();
        long before = Replay.position(server.engine().createHeadToken());
        history.conversations(2, 3);
        long behind = Replay.position(server.engine().createHeadToken()) - before;

        ToolProcess.Result verify = tool.run("verify", "all");

        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK transcript: equal to the events its processor has handled",
                "note: transcript is behind by " + behind + " event(s)", "OK agent-metrics", "OK dispute-audit");
    }

    @Test
    void anInterruptedRebuildResumesAndEndsCorrect() throws Exception {
        history.conversations(200, 12);
        server.awaitCaughtUp();
        Process first = tool.start("rebuild", "transcript", "--batch-size", "20");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Document progress = server.database().getCollection(RebuildCommand.PROGRESS)
                    .find(Filters.eq("_id", "transcript")).first();
            return progress != null && progress.get("position", Number.class).longValue() > 200;
        });
        first.destroy(); // SIGTERM, as Ctrl-C ends the JVM: shutdown hooks run, the batch in flight is lost
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tool.finished(first).err()).contains("interrupted; run the same command again to resume");
        Document saved = server.database().getCollection(RebuildCommand.PROGRESS)
                .find(Filters.eq("_id", "transcript")).first();
        assertThat(saved).as("progress kept after the interruption").isNotNull();

        ToolProcess.Result resumed = tool.run("rebuild", "transcript", "--batch-size", "200");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming the rebuild of transcript from position "
                + saved.get("position", Number.class).longValue());
        try (FreshProjection fresh = new FreshProjection(server.sealing())) {
            ReadModel transcript = ReadModel.TRANSCRIPT;
            var expected = fresh.project(transcript, server.engine());
            for (String collection : transcript.collections()) {
                assertThat(FreshProjection.byId(server.readModels().collection(collection))).as(collection)
                        .isEqualTo(FreshProjection.byId(expected.collection(collection)));
            }
        }
    }

    @Test
    void anExportedBundleChecksOkAndFailsWhenOneByteChanges() throws Exception {
        String conversation = history.conversations(3, 6).get(1);
        server.awaitCaughtUp();
        long anchoredBy = server.checkpoint().sequence();
        ToolProcess.Result verify = tool.run("audit", "verify", conversation);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK " + conversation + ": 12 event(s), head ",
                "write-time links from sequence 0; anchored up to sequence 11 by checkpoint " + anchoredBy);

        Path bundle = dataDir.toAbsolutePath().resolve("bundle.zip");
        ToolProcess.Result export = tool.run("audit", "export", conversation, "--out", bundle.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out()).contains("wrote " + bundle + ": 12 event(s)");
        // A third party holds the bundle and the signer's public key only.
        Path publicKey = dataDir.toAbsolutePath().resolve("signer.pub");
        Files.writeString(publicKey, server.signingKey().publicKeyText());
        ToolProcess.Result checked = tool.run("audit", "check", bundle.toString(), "--public-key",
                publicKey.toString());
        assertThat(checked.exitCode()).as(checked.out()).isZero();
        assertThat(checked.out()).contains("anchored up to sequence 11 by checkpoint " + anchoredBy);
        ToolProcess.Result otherKey = tool.run("audit", "check", bundle.toString(), "--public-key",
                CheckpointKey.generate().publicKeyText());
        assertThat(otherKey.exitCode()).as(otherKey.out()).isEqualTo(1);
        assertThat(otherKey.out()).contains("is not signed by the given key");

        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length / 3] ^= 1;
        Path altered = dataDir.toAbsolutePath().resolve("altered.zip");
        Files.write(altered, bytes);
        ToolProcess.Result check = tool.run("audit", "check", altered.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).startsWith("FAILED " + altered);
    }

    @Test
    void withTheServerStoppedTheToolOpensTheStoreFilesItself() throws Exception {
        List<String> conversations = history.conversations(4, 4);
        server.awaitCaughtUp();
        server.close();
        server = null;

        ToolProcess.Result stats = tool.run("stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        // 1 agent registration + 4 conversations of 4 messages and 6 other events
        assertThat(stats.out()).contains("Event log: 41 events, head position 40")
                .containsPattern("MessageSent\\s+16")
                .containsPattern("transcript\\s+transcript_entries\\s+\\d+\\s+at 40, \\d+ segment\\(s\\), lag 0");

        ToolProcess.Result events = tool.run("events", conversations.get(0));
        assertThat(events.exitCode()).isZero();
        assertThat(events.out().lines().skip(1)).hasSize(10).first().asString().contains("ConversationStarted");
        assertThat(tool.run("events", "no-such-conversation").exitCode()).isEqualTo(4);

        ToolProcess.Result audit = tool.run("audit", "verify", "--all");
        assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
        assertThat(audit.out()).contains("4 conversation(s) checked, 0 whose chain does not hold");
    }

    @Test
    void mongoServeSharesTheReadModelFileOverTheWireUntilStopped() throws Exception {
        history.conversations(2, 3);
        server.awaitCaughtUp();
        long entries = server.database().getCollection("transcript_entries").countDocuments();
        server.close();
        server = null;

        int port = freePort();
        Process serving = tool.start("mongo", "serve", "--data", dataDir.toAbsolutePath().toString(), "--port",
                String.valueOf(port));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(client
                    .getDatabase("livechat").getCollection("transcript_entries").countDocuments())
                    .isEqualTo(entries));
        } finally {
            serving.destroy();
        }
        assertThat(serving.waitFor(1, TimeUnit.MINUTES)).as("stops at SIGTERM").isTrue();
        // Closed cleanly: the tool opens the file on its own again.
        ToolProcess.Result stats = tool.run("stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void toolsStartedTogetherWithTheServerStoppedRunOrNameWhatHoldsTheFile() throws Exception {
        history.conversations(2, 2);
        server.awaitCaughtUp();
        server.close();
        server = null;

        List<Process> together = List.of(tool.start("stats"), tool.start("stats"), tool.start("stats"));
        for (Process process : together) {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            ToolProcess.Result result = tool.finished(process);
            // Opening the H2 log at the same moment races for its lock file; the loser waits, it is not refused.
            assertThat(result.err()).doesNotContain("Lock file recently modified");
            if (result.exitCode() != 0) {
                assertThat(result.exitCode()).as(result.err()).isEqualTo(LivechatTool.STORE_FAILURE);
                assertThat(result.err()).contains("another process has").containsAnyOf("readmodels.mv", "events.mv.db");
            }
        }
    }

    @Test
    void staffAddWritesTheAccountsEventAndOnlyAHashOfItsPassword() throws Exception {
        ToolProcess.Result added = tool.runWithInput("a-very-secret-1\n", "staff", "add", "root", "--roles",
                "admin,ops", "--password-stdin");
        assertThat(added.exitCode()).as(added.err()).isZero();

        List<? extends org.axonframework.eventhandling.DomainEventMessage<?>> events = server.engine()
                .readEvents("staff:root").asStream().toList();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getPayload()).isEqualTo(new livechat.events.staff.StaffEvent.StaffAccountCreated("root",
                    java.util.Set.of("admin", "ops"), livechat.events.Actor.system("livechat-tool")));
            assertThat(event.getType()).isEqualTo("StaffAccount");
            assertThat(event.getMetaData()).containsEntry("actor", "system:livechat-tool");
        });
        Document credentials = server.database().getCollection("staff_credentials")
                .find(Filters.eq("_id", "root")).first();
        assertThat(credentials.getString("hash")).startsWith("{bcrypt}").doesNotContain("a-very-secret-1");
        assertThat(org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder().matches("a-very-secret-1", credentials.getString("hash"))).isTrue();
        server.awaitCaughtUp();
        assertThat(server.database().getCollection("staff").find(Filters.eq("_id", "root")).first())
                .containsEntry("roles", List.of("admin", "ops")).containsEntry("disabled", false)
                .doesNotContainKey("hash");

        ToolProcess.Result again = tool.runWithInput("another-secret-2\n", "staff", "add", "root", "--roles",
                "agent", "--password-stdin");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already a staff account root");
        assertThat(tool.runWithInput("another-secret-2\n", "staff", "add", "eve", "--roles", "visitor",
                "--password-stdin").exitCode()).isEqualTo(2);
        assertThat(tool.runWithInput("short\n", "staff", "add", "eve", "--roles", "agent", "--password-stdin")
                .exitCode()).isEqualTo(2);
        assertThat(server.engine().readEvents("staff:eve").asStream().count()).isZero();
    }
}
