package livechat.api;

import com.mongodb.client.MongoCollection;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.transcript.TranscriptProjection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's tail of the event log over a real port, with the transcript read model held behind it: the tail reads
 * on while the events it read wait for the read model, and hands them to the stream once the read model has them.
 */
@ServerTest
class LiveTailTest {

    private static final String VISITOR = "visitor:v-1";
    /** Well inside the 30 s the tail waits for the read model before it reads the log again. */
    private static final Duration READ_ON = Duration.ofSeconds(10);

    @Test
    void theLogIsReadOnWhileEarlierMessagesWaitForTheReadModel(LivechatServer server, ChatClient chat) {
        String id = chat.startConversation(VISITOR, "Held back");
        List<String> texts = new CopyOnWriteArrayList<>();
        Disposable stream = LiveStream.after(server, VISITOR, id, -1).map(ServerSentEvent::data)
                .subscribe(item -> texts.add(String.valueOf(item.get("text"))));
        MongoCollection<Document> pauses = server.bean(ReadModelDatabase.class).pauses();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !texts.isEmpty());
            pauses.insertOne(new Document("_id", TranscriptProjection.PROCESSING_GROUP)
                    .append("until", Date.from(Instant.now().plus(Duration.ofHours(1)))));
            double read = chat.liveDelayCount("read");
            double projected = chat.liveDelayCount("projected");

            chat.sendNew(VISITOR, id, "cm-1", "first");
            await().atMost(READ_ON).until(() -> chat.liveDelayCount("read") >= read + 1);
            chat.sendNew(VISITOR, id, "cm-2", "second");
            await().atMost(READ_ON).until(() -> chat.liveDelayCount("read") >= read + 2);
            assertThat(chat.liveDelayCount("projected")).isEqualTo(projected);
            assertThat(texts).doesNotContain("first", "second");

            pauses.deleteMany(new Document());
            // The projection retries its failed batch after a back-off of its own.
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() ->
                    assertThat(texts).containsSubsequence("first", "second"));
            assertThat(texts.stream().filter(text -> text.equals("first") || text.equals("second")))
                    .containsExactly("first", "second");
            assertThat(chat.liveDelayCount("projected")).isGreaterThanOrEqualTo(projected + 2);
        } finally {
            pauses.deleteMany(new Document());
            stream.dispose();
        }
    }
}
