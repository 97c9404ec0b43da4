package livechat.tools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a read model holds when its projection sees the whole log once, in one batch, in a database of its own:
 * the reference a rebuilt or verified read model must equal.
 */
final class FreshProjection implements AutoCloseable {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client;
    private final com.mongodb.reactivestreams.client.MongoClient reactive;
    private final ReadModel.Sealing sealing;

    /** With the keys and serializer the server seals with, so sealed fields compare byte for byte. */
    FreshProjection(ReadModel.Sealing sealing) {
        this.sealing = sealing;
        String uri = server.bindAndGetConnectionString();
        client = MongoClients.create(uri);
        reactive = com.mongodb.reactivestreams.client.MongoClients.create(uri);
    }

    ReadModelDatabase project(ReadModel model, EventStorageEngine engine) throws Exception {
        ReadModelDatabase database = new ReadModelDatabase(client.getDatabase(model.processingGroup()),
                reactive.getDatabase(model.processingGroup()));
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(
                model.projection(database, ZoneId.of("UTC"), sealing));
        List<EventMessage<?>> events;
        try (var stream = engine.readEvents(null, false)) {
            events = stream.filter(adapter::canHandle).collect(Collectors.toCollection(ArrayList::new));
        }
        if (!events.isEmpty()) {
            BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
            var result = unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
            assertThat(result.isExceptional()).as("fresh projection of %s", model).isFalse();
        }
        return database;
    }

    /** Asserts that every collection of every read model in {@code live} equals its fresh projection. */
    void assertEqual(ReadModelDatabase live, EventStorageEngine engine) throws Exception {
        for (ReadModel model : ReadModel.values()) {
            ReadModelDatabase fresh = project(model, engine);
            for (String collection : model.collections()) {
                assertThat(byId(live.collection(collection)))
                        .as("%s.%s", model.processingGroup(), collection)
                        .isEqualTo(byId(fresh.collection(collection)));
            }
        }
    }

    static Map<Object, Document> byId(MongoCollection<Document> collection) {
        Map<Object, Document> documents = new TreeMap<>();
        collection.find().forEach(document -> documents.put(String.valueOf(document.get("_id")), document));
        return documents;
    }

    @Override
    public void close() {
        client.close();
        reactive.close();
        server.shutdownNow();
    }
}
