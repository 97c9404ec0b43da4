package livechat.api;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import livechat.embeddedmongo.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several server nodes, each in its own JVM, sharing one event store (given by the subclass) and one MongoDB (the
 * embedded read-model server, run standalone by the test as {@code livechat-tool mongo serve} runs it), with a folder
 * for signing keys and one for data keys shared between them. Clients are spread over the nodes; the last test kills
 * one node with SIGKILL under load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SeveralNodesContract {

    private static final int NODES = 3;
    private static final String VISITOR = "visitor:v-1";
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    private EmbeddedMongo mongo;
    private MongoClient mongoClient;
    private MongoDatabase shared;
    private final List<Node> nodes = new ArrayList<>();
    private TestTokens tokens;
    /** The clients' threads: as many as the tests' concurrent clients, whatever the machine's cores. */
    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    /** One server process: {@code id} is its {@code LIVECHAT_NODE_ID}. */
    private record Node(String id, Process process, String baseUrl, ChatClient chat) {
    }

    /** Starts the shared event store; answers the {@code livechat.eventstore} the nodes are given. */
    abstract String startEventStore();

    abstract void stopEventStore();

    @BeforeAll
    void startNodes() throws IOException {
        String eventStore = startEventStore();
        mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", freePort());
        mongoClient = MongoClients.create(mongo.connectionString());
        shared = mongoClient.getDatabase("nodes");
        // The first node makes the signing key the others then read from the shared folder.
        nodes.add(launch(0, eventStore));
        for (int n = 1; n < NODES; n++) {
            nodes.add(launch(n, eventStore));
        }
        nodes.forEach(this::awaitHealthy);
    }

    @AfterAll
    void stopNodes() {
        clients.shutdownNow();
        nodes.forEach(node -> node.process().destroyForcibly());
        nodes.forEach(node -> node.process().onExit().join());
        mongoClient.close();
        mongo.close();
        stopEventStore();
    }

    @Test
    @Order(1)
    void everyNodeServesClientsWithTokensAndTicketsFromAnother() {
        for (int n = 0; n < NODES; n++) {
            ChatClient here = node(n).chat();
            ChatClient next = node(n + 1).chat();
            String id = here.startConversation(VISITOR, "Started on node " + n);
            next.sendNew(VISITOR, id, "cm-1", "sent on the next node");
            ChatClient third = node(n + 2).chat();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    third.conversation(SUPERVISOR, id)).containsEntry("messageCount", 1));
            Map<?, ?> ticket = here.post(VISITOR, "/api/stream-tickets", Map.of("conversationId", id))
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            assertThat(WebClient.create(node(n + 1).baseUrl()).get()
                    .uri("/api/conversations/{id}/stream?ticket={ticket}", id, ticket.get("ticket"))
                    .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(LiveStream.SSE)
                    .filter(event -> "message".equals(event.event())).blockFirst(Duration.ofSeconds(30)).data())
                    .containsEntry("text", "sent on the next node");
        }
    }

    @Test
    @Order(2)
    void subscribersOnEveryNodeReceiveEachMessageOnceInOrder() {
        String id = node(0).chat().startConversation(VISITOR, "Everyone listens");
        List<List<Long>> received = IntStream.range(0, NODES).mapToObj(n -> new CopyOnWriteArrayList<Long>())
                .<List<Long>>map(list -> list).toList();
        List<Disposable> streams = IntStream.range(0, NODES)
                .mapToObj(n -> follow(n, id, null, received.get(n))).toList();
        double[] published = IntStream.range(0, NODES).mapToDouble(n -> node(n).chat().liveDelayCount("published"))
                .toArray();
        try {
            List<Long> acknowledged = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                acknowledged.add(node(i).chat().sendNew(VISITOR, id, "cm-" + i, "message " + i));
            }
            receivedOnceInOrder(received, acknowledged);
            // Each node times what it published to its subscribers, whichever node the message was sent to.
            for (int n = 0; n < NODES; n++) {
                ChatClient chat = node(n).chat();
                double before = published[n];
                await().atMost(TAKEOVER).untilAsserted(() -> assertThat(chat.liveDelayCount("published"))
                        .isGreaterThanOrEqualTo(before + acknowledged.size()));
            }
        } finally {
            streams.forEach(Disposable::dispose);
        }
    }

    @Test
    @Order(3)
    void assignmentsRacingOverAllNodesNeverExceedTheAgentsCapacity() {
        ChatClient chat = node(0).chat();
        chat.agent("a-race", List.of("race"), 2, "online");
        List<String> conversations = IntStream.range(0, 8)
                .mapToObj(i -> node(i).chat().startConversation(VISITOR, "Race " + i, "race")).toList();
        List<EntityExchangeResult<Map>> answers = IntStream.range(0, conversations.size())
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> node(i).chat()
                        .assign(conversations.get(i), "a-race").expectBody(Map.class).returnResult(), clients))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(answers).as("no server error, and no race between nodes reaches a client: %s", answers.stream()
                        .map(answer -> answer.getStatus() + " " + answer.getResponseBody()).toList())
                .allMatch(answer -> answer.getStatus().is2xxSuccessful() || answer.getStatus().is4xxClientError()
                        && !"concurrent-change".equals(answer.getResponseBody().get("rule")));
        // The dispatcher routes waiting conversations to the agent too, on whichever node holds its lease.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat((List<?>) chat.agentProfile("a-race").get("openConversations")).hasSize(2));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat((List<?>) chat.agentProfile("a-race").get("openConversations")).hasSize(2));
    }

    /** What one node seals another opens, and an erasure made on a third reads as such on it from then on. */
    @Test
    @Order(4)
    void personalDataSealedOnOneNodeOpensOnAnotherUntilErasedOnAThird() throws IOException {
        String id = node(0).chat().startConversation("visitor:v-private", "PRIVATE-TOPIC");
        node(0).chat().sendNew("visitor:v-private", id, "cm-1", "PRIVATE-TEXT");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                node(1).chat().conversation(SUPERVISOR, id)).containsEntry("messageCount", 1));
        // Node 1 opens, and keeps in its cache, the keys node 0 made.
        assertThat(dataExport(1, "v-private")).contains("PRIVATE-TOPIC", "PRIVATE-TEXT");

        node(2).chat().post(SUPERVISOR, "/api/visitors/{v}/erasure", Map.of("reason", "asked",
                "legalBasis", "gdpr-art-17"), "v-private").expectStatus().isOk();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dataExport(1, "v-private"))
                .doesNotContain("PRIVATE-").contains("[erased]"));
    }

    private String dataExport(int n, String visitorId) throws IOException {
        return String.join("\n", ZipFiles.unzip(node(n).chat().get(SUPERVISOR, "/api/visitors/{v}/data-export",
                visitorId).expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody()).values());
    }

    @Test
    @Order(5)
    void theProcessorsSpreadOverTheNodes() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Map<String, Integer> perNode = new HashMap<>();
            for (Document token : shared.getCollection("trackingtokens").find(Filters.and(
                    Filters.nin("processorName", "__config", "dispatcher"), Filters.ne("owner", null)))) {
                perNode.merge(token.getString("owner"), 1, Integer::sum);
            }
            assertThat(perNode).containsOnlyKeys("node-0", "node-1", "node-2");
            assertThat(Collections.max(perNode.values()) - Collections.min(perNode.values())).as(perNode.toString())
                    .isLessThanOrEqualTo(1);
        });
    }

    @Test
    @Order(5)
    void everyNodeReportsEachProjectionsLagWhicheverNodeRunsIt() {
        String id = node(0).chat().startConversation(VISITOR, "Measured on every node");
        node(1).chat().sendNew(VISITOR, id, "cm-lag", "counted");
        for (int n = 0; n < NODES; n++) {
            ChatClient chat = node(n).chat();
            for (String processor : List.of("transcript", "agent-metrics", "dispute-audit")) {
                for (String metric : List.of("events", "seconds")) {
                    await().atMost(TAKEOVER).untilAsserted(() -> chat.get("ops:o-1",
                                    "/actuator/metrics/livechat.projection.lag." + metric + "?tag=processor:"
                                            + processor).expectStatus().isOk().expectBody()
                            .jsonPath("$.measurements[0].value").isEqualTo(0.0));
                }
            }
        }
    }

    @Test
    @Order(6)
    void aNodeKilledUnderLoadLosesNothingAndIsTakenOver() throws Exception {
        String id = node(0).chat().startConversation(VISITOR, "Under load");
        // An agent for routing after the kill, away until then; the tests' tokens come from the first node, which
        // may be the one killed.
        node(0).chat().agent("a-after", List.of("after"), 10, "away");
        String victimId = await().atMost(TAKEOVER).until(this::dispatcherOwner, owner -> owner != null);
        int victim = IntStream.range(0, NODES).filter(n -> nodes.get(n).id().equals(victimId)).findFirst()
                .orElseThrow();
        List<List<Long>> received = IntStream.range(0, NODES).mapToObj(n -> new CopyOnWriteArrayList<Long>())
                .<List<Long>>map(list -> list).toList();
        List<Disposable> streams = new CopyOnWriteArrayList<>(IntStream.range(0, NODES)
                .mapToObj(n -> follow(n, id, null, received.get(n))).toList());
        List<Long> acknowledged = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        // One writer per conversation, as in a chat, each through every node in turn: another load beside it.
        List<String> others = IntStream.range(1, NODES)
                .mapToObj(n -> node(n).chat().startConversation(VISITOR, "Beside " + n)).toList();
        List<List<Long>> acknowledgedBeside = others.stream().map(other -> new CopyOnWriteArrayList<Long>())
                .<List<Long>>map(list -> list).toList();
        List<CompletableFuture<Void>> senders = new ArrayList<>(List.of(
                CompletableFuture.runAsync(() -> send(0, id, sending, acknowledged), clients)));
        for (int n = 0; n < others.size(); n++) {
            int sender = n + 1;
            senders.add(CompletableFuture.runAsync(() -> send(sender, others.get(sender - 1), sending,
                    acknowledgedBeside.get(sender - 1)), clients));
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 30);
            Process killed = nodes.get(victim).process();
            killed.destroyForcibly().waitFor();
            long killedAt = System.nanoTime();
            // Its subscriber reconnects to the next node with the last id it saw.
            streams.add(follow(victim + 1, id, lastOf(received.get(victim)), received.get(victim)));

            await().atMost(TAKEOVER).until(() -> {
                String owner = dispatcherOwner();
                return owner != null && !owner.equals(victimId) && segmentsOwnedOnlyBySurvivors(victimId);
            });
            System.out.printf("Dispatcher and segments taken over %d ms after the kill%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= before + 30);
        } finally {
            sending.set(false);
            senders.forEach(CompletableFuture::join);
        }
        try {
            receivedOnceInOrder(received, acknowledged);
        } finally {
            streams.forEach(Disposable::dispose);
        }
        ChatClient survivor = node(victim + 1).chat();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(survivor.everySequence(VISITOR, id))
                .containsAll(acknowledged));
        for (int n = 0; n < others.size(); n++) {
            List<Long> beside = acknowledgedBeside.get(n);
            String other = others.get(n);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(survivor.everySequence(VISITOR, other)).containsAll(beside));
        }

        // The dispatcher routes on the node that took it over.
        survivor.status("a-after", "online").expectStatus().isOk();
        String routed = node(victim + 2).chat().startConversation(VISITOR, "After the kill", "after");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                survivor.conversation(SUPERVISOR, routed)).containsEntry("assignedAgentId", "a-after"));
    }

    /** Every stream received every acknowledged message, and each of its items once, in order. */
    private static void receivedOnceInOrder(List<List<Long>> received, List<Long> acknowledged) {
        for (List<Long> stream : received) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stream).containsAll(acknowledged));
            assertThat(stream).as("each item once, in order").isSorted().doesNotHaveDuplicates();
        }
    }

    /** Sends until told to stop, each message through the next live node in turn, again elsewhere if it died. */
    private void send(int sender, String conversationId, AtomicBoolean sending, List<Long> acknowledged) {
        for (int i = 0; sending.get(); i++) {
            String clientMessageId = "s" + sender + "-" + i;
            int next = sender + i;
            while (sending.get()) {
                Node target = node(next);
                try {
                    EntityExchangeResult<Map> answer = target.chat().send(VISITOR, conversationId,
                            clientMessageId, "message " + clientMessageId).expectBody(Map.class).returnResult();
                    assertThat(answer.getStatus().value()).as("answer to %s: %s", clientMessageId,
                            answer.getResponseBody()).isIn(200, 201);
                    acknowledged.add(((Number) answer.getResponseBody().get("sequence")).longValue());
                    break;
                } catch (RuntimeException | AssertionError unanswered) {
                    // No answer from a node that died: the same message again, to the next live node.
                    if (!exited(target)) {
                        throw unanswered;
                    }
                    next++;
                }
            }
        }
    }

    private static boolean exited(Node node) {
        try {
            return node.process().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Follows the conversation's stream on node {@code n}, after {@code lastEventId}, into {@code received}. */
    private Disposable follow(int n, String conversationId, Long lastEventId, List<Long> received) {
        return WebClient.create(node(n).baseUrl()).get().uri("/api/conversations/{id}/stream", conversationId)
                .headers(tokens.as(VISITOR))
                .headers(headers -> {
                    if (lastEventId != null) {
                        headers.set("Last-Event-ID", Long.toString(lastEventId));
                    }
                })
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(LiveStream.SSE)
                .filter(event -> event.id() != null).map(ServerSentEvent::id).map(Long::parseLong)
                .subscribe(received::add, streamEnded -> {
                });
    }

    private static Long lastOf(List<Long> received) {
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    private String dispatcherOwner() {
        Document lease = shared.getCollection("dispatcher_position").find().first();
        return lease == null || lease.getDate("expiresAt") == null || lease.getDate("expiresAt").before(new Date())
                ? null : lease.getString("owner");
    }

    private boolean segmentsOwnedOnlyBySurvivors(String victimId) {
        List<Document> segments = shared.getCollection("trackingtokens")
                .find(Filters.ne("processorName", "__config")).into(new ArrayList<>());
        return !segments.isEmpty() && segments.stream().map(segment -> segment.getString("owner"))
                .allMatch(owner -> owner != null && !owner.equals(victimId));
    }

    /** The live node {@code n} (modulo the count), or the next live one. */
    private Node node(int n) {
        for (int k = 0; k < NODES; k++) {
            Node node = nodes.get(Math.floorMod(n + k, NODES));
            if (node.process().isAlive()) {
                return node;
            }
        }
        throw new IllegalStateException("no node is running");
    }

    private Node launch(int n, String eventStore) throws IOException {
        String id = "node-" + n;
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), LivechatApplication.class.getName(),
                "--server.port=" + port, "--livechat.data-dir=" + data.resolve(id).toAbsolutePath(),
                "--livechat.auth.data-dir=" + data.resolve("auth").toAbsolutePath(),
                "--livechat.privacy.data-dir=" + data.resolve("privacy").toAbsolutePath(),
                "--livechat.mongodb.uri=" + mongo.connectionString(), "--livechat.mongodb.database=nodes",
                "--livechat.eventstore=" + eventStore, "--livechat.node.id=" + id,
                "--livechat.limits.enabled=false"));
        if (n == 0) {
            command.add("--livechat.auth.bootstrap-admin=admin:" + TestTokens.ADMIN_PASSWORD);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve(id + ".log").toFile()).start();
        String baseUrl = "http://localhost:" + port;
        WebTestClient client = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30))
                .build();
        if (tokens == null) {
            // Every node's clients use the tokens the first node issued.
            tokens = new TestTokens(client, data.resolve("auth"));
        }
        Node node = new Node(id, process, baseUrl, new ChatClient(client, tokens));
        if (n == 0) {
            awaitHealthy(node);
        }
        return node;
    }

    private void awaitHealthy(Node node) {
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> node.chat().http().get()
                .uri("/actuator/health").exchange().returnResult(Map.class).getStatus().is2xxSuccessful());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
