package livechat.api.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import livechat.command.assignment.Dispatcher;
import livechat.events.privacy.DataKeys;
import livechat.query.agents.AgentDirectory;
import livechat.query.agents.AgentDirectoryProjection;
import livechat.query.canned.CannedResponseLibrary;
import livechat.query.canned.CannedResponseLibraryProjection;
import io.micrometer.core.instrument.MeterRegistry;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.DisputeAuditProjection;
import livechat.query.live.ConversationUpdates;
import livechat.query.metrics.AgentMetricsProjection;
import livechat.query.metrics.AgentMetricsQueries;
import livechat.query.metrics.MetricsCollections;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.query.projection.IndexedReadModel;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.staff.StaffCredentials;
import livechat.query.staff.StaffDirectory;
import livechat.query.staff.StaffDirectoryProjection;
import livechat.query.transcript.ConversationFeed;
import livechat.query.transcript.TranscriptCollections;
import livechat.query.transcript.TranscriptProjection;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The query side's wiring: the read-model database, its projections, queries and live feed. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReadModelProperties.class, MetricsProperties.class, Node.class})
public class ReadModelConfiguration {

    /** Where {@link MongoTokenStore} keeps the processors' tokens (its template's default). */
    private static final String TRACKING_TOKENS = "trackingtokens";

    @Bean(destroyMethod = "close")
    EmbeddedMongoHolder embeddedMongo(ReadModelProperties properties) {
        return new EmbeddedMongoHolder(properties.embedded()
                ? new EmbeddedMongo(properties.dataDir().resolve("readmodels.mv"), properties.embeddedHost(),
                properties.embeddedPort())
                : null);
    }

    @Bean
    MongoClientSettings readModelClientSettings(ReadModelProperties properties, EmbeddedMongoHolder embedded) {
        String uri = embedded.server() != null ? embedded.server().connectionString() : properties.uri();
        // A call waits this long for an unreachable store, then fails: a query answers 503 instead of hanging.
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                        properties.timeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToServerSettings(server -> server.heartbeatFrequency(
                        properties.timeout().toMillis(), TimeUnit.MILLISECONDS))
                .applicationName("livechat").build();
    }

    @Bean(destroyMethod = "close")
    ReadModelAvailability readModelAvailability(ReadModelProperties properties, EmbeddedMongoHolder embedded,
                                                ObjectProvider<IndexedReadModel> readModels) {
        String location = embedded.server() != null ? "the embedded store"
                : new ConnectionString(properties.uri()).getHosts().toString();
        return new ReadModelAvailability(() -> readModels.orderedStream().toList(), location,
                properties.timeout());
    }

    /** A store's outage is logged once by its watcher, not at every retry of every processor. */
    @Bean(destroyMethod = "close")
    static StoreOutageLog storeOutageLog() {
        return StoreOutageLog.install();
    }

    /** DOWN while the read models cannot be written or read, and with it readiness. */
    @Bean
    HealthIndicator readModelStoreHealthIndicator(ReadModelAvailability availability) {
        return () -> availability.ready() ? Health.up().build()
                : Health.down().withDetail("store", availability.location()).build();
    }

    /** The client projections and tokens use; its monitor tells {@link ReadModelAvailability} what it sees. */
    @Bean(destroyMethod = "close")
    MongoClient blockingMongoClient(MongoClientSettings settings, ReadModelAvailability availability) {
        return MongoClients.create(MongoClientSettings.builder(settings)
                .applyToClusterSettings(cluster -> cluster.addClusterListener(availability)).build());
    }

    @Bean(destroyMethod = "close")
    com.mongodb.reactivestreams.client.MongoClient reactiveMongoClient(MongoClientSettings settings) {
        return com.mongodb.reactivestreams.client.MongoClients.create(settings);
    }

    @Bean
    ReadModelDatabase readModelDatabase(ReadModelProperties properties, MongoClient blocking,
                                        com.mongodb.reactivestreams.client.MongoClient reactive) {
        return new ReadModelDatabase(blocking.getDatabase(properties.database()),
                reactive.getDatabase(properties.database()));
    }

    @Bean
    TokenStore tokenStore(ReadModelProperties properties, MongoClient client, Serializer serializer,
                          ReadModelAvailability availability, Node node, ProcessorShares shares) {
        // Tokens live beside the read models they describe, so both survive restarts together. Nodes share a
        // processor's segments through these claims: a segment whose owner stopped renewing it is free after the
        // claim timeout.
        return new ReadModelTokenStore(() -> MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, properties.database()).build())
                .serializer(serializer)
                .nodeId(node.id())
                .claimTimeout(node.claimTimeout())
                .build(), availability, shares);
    }

    @Bean
    ProcessorShares processorShares(ReadModelDatabase database, NodeRegistry nodes, Node node, Clock clock) {
        return new ProcessorShares(database.blocking().getCollection(TRACKING_TOKENS), nodes, node, clock);
    }

    /** Gives processors back while this node holds more than the others ({@link ProcessorBalance}). */
    @Bean(destroyMethod = "close")
    ProcessorBalance processorBalance(EventProcessingConfiguration processing, ProcessorShares shares,
                                      @Value("${livechat.node.balance-every:15s}") Duration every) {
        return new ProcessorBalance(processing, shares, every);
    }

    /** This node among those sharing the read-model database; refuses to start beside one it cannot join. */
    @Bean(destroyMethod = "close")
    NodeRegistry nodeRegistry(ReadModelDatabase database, Node node, Clock clock, DataKeys keys,
                              @Value("${livechat.eventstore:}") String eventStore,
                              @Value("${spring.datasource.url}") String embeddedEventStore) {
        boolean embedded = eventStore.isBlank();
        // The embedded file is named by host and path: the same folder on another host is another log.
        String log = embedded ? node.host() + ":" + embeddedEventStore : eventStore;
        return new NodeRegistry(database.collection(NodeRegistry.COLLECTION), node,
                DispatcherTokenStore.sha256(log), embedded, keys.fingerprint(), clock);
    }

    /** The dispatcher's position and picture, kept so that a start reads only the log after it. */
    @Bean
    DispatcherTokenStore.Bean dispatcherTokenStore(
            ObjectProvider<Dispatcher> dispatcher, ObjectProvider<EventStore> events, ReadModelDatabase database,
            Serializer serializer, ReadModelAvailability availability, Node node, Clock clock,
            @Value("${livechat.eventstore:}") String eventStore,
            @Value("${spring.datasource.url}") String embeddedEventStore,
            @Value("${livechat.routing.keep-position-every:5s}") Duration interval) {
        return new DispatcherTokenStore.Bean(new DispatcherTokenStore(
                eventStore.isBlank() ? embeddedEventStore : eventStore, dispatcher::getObject,
                () -> events.getObject().createHeadToken(), database.collection("dispatcher_position"), serializer,
                availability, interval, node, clock));
    }

    @Bean
    AttachmentStore attachmentStore(ReadModelDatabase database) {
        return new AttachmentStore(database);
    }

    @Bean
    ConversationUpdates conversationUpdates() {
        return new ConversationUpdates();
    }

    /** This node's live streams, whichever node projects the transcript. */
    @Bean(destroyMethod = "close")
    LiveTail liveTail(EventStore events, ProcessorPositions positions, ConversationFeed feed, MeterRegistry meters,
                      Clock clock) {
        return new LiveTail(events, positions, feed, meters, clock);
    }

    @Bean
    ProcessorPositions processorPositions(ReadModelDatabase database, Serializer serializer,
                                          EventProcessingConfiguration processing) {
        return new ProcessorPositions(database.blocking().getCollection(TRACKING_TOKENS), serializer, processing);
    }

    @Bean
    TranscriptCollections transcriptCollections(ReadModelDatabase database) {
        return new TranscriptCollections(database);
    }

    @Bean
    TranscriptProjection transcriptProjection(TranscriptCollections collections, DataKeys keys) {
        return new TranscriptProjection(collections, keys);
    }

    @Bean
    MetricsCollections metricsCollections(ReadModelDatabase database) {
        return new MetricsCollections(database);
    }

    @Bean
    AgentMetricsProjection agentMetricsProjection(MetricsCollections collections, MetricsProperties metrics) {
        return new AgentMetricsProjection(collections, metrics.zone());
    }

    @Bean
    AgentMetricsQueries agentMetricsQueries(MetricsCollections collections, MetricsProperties metrics) {
        return new AgentMetricsQueries(collections, metrics.zone());
    }

    @Bean
    AuditCollections auditCollections(ReadModelDatabase database) {
        return new AuditCollections(database);
    }

    @Bean
    DisputeAuditProjection disputeAuditProjection(AuditCollections collections,
                                                  @Qualifier("eventSerializer") Serializer eventSerializer,
                                                  DataKeys keys) {
        // The event store's own serializer, so the recorded payload bytes are the stored ones.
        return new DisputeAuditProjection(collections, eventSerializer, keys);
    }

    @Bean
    ProjectionCatchUp projectionCatchUp(ProcessorPositions positions, EventStorageEngine log, StoreWork storeWork) {
        return new ProjectionCatchUp(positions, log, storeWork);
    }

    @Bean
    ProjectionDrain projectionDrain(EventProcessingConfiguration processing, ProjectionCatchUp catchUp,
                                    @Value("${livechat.stop.projection-drain:10s}") Duration timeout) {
        return new ProjectionDrain(processing, catchUp, timeout);
    }

    @Bean
    ProjectionLag projectionLag(ProcessorPositions positions, EventStore eventStore, MeterRegistry meters,
                                Clock clock) {
        return new ProjectionLag(positions, eventStore, clock).bindTo(meters, List.of(
                TranscriptProjection.PROCESSING_GROUP, AgentMetricsProjection.PROCESSING_GROUP,
                DisputeAuditProjection.PROCESSING_GROUP));
    }

    @Bean
    TranscriptQueries transcriptQueries(TranscriptCollections collections, DataKeys keys) {
        return new TranscriptQueries(collections, keys);
    }

    @Bean
    ConversationFeed conversationFeed(TranscriptQueries queries, ConversationUpdates updates) {
        return new ConversationFeed(queries, updates);
    }

    @Bean
    AgentDirectoryProjection agentDirectoryProjection(ReadModelDatabase database) {
        return new AgentDirectoryProjection(database);
    }

    @Bean
    AgentDirectory agentDirectory(ReadModelDatabase database) {
        return new AgentDirectory(database);
    }

    @Bean
    CannedResponseLibraryProjection cannedResponseLibraryProjection(ReadModelDatabase database) {
        return new CannedResponseLibraryProjection(database);
    }

    @Bean
    CannedResponseLibrary cannedResponseLibrary(ReadModelDatabase database) {
        return new CannedResponseLibrary(database);
    }

    @Bean
    StaffDirectoryProjection staffDirectoryProjection(ReadModelDatabase database) {
        return new StaffDirectoryProjection(database);
    }

    @Bean
    StaffDirectory staffDirectory(ReadModelDatabase database) {
        return new StaffDirectory(database);
    }

    /** Password hashes: beside the read models, but no read model (see {@link StaffCredentials}). */
    @Bean
    StaffCredentials staffCredentials(ReadModelDatabase database, Clock clock) {
        return new StaffCredentials(database, clock);
    }

    /** Lets the embedded server be optional while still being closed after the clients that use it. */
    record EmbeddedMongoHolder(EmbeddedMongo server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
