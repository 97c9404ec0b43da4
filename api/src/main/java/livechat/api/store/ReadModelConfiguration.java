package livechat.api.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
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
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** The query side's wiring: the read-model database, its projections, queries and live feed. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReadModelProperties.class, MetricsProperties.class})
public class ReadModelConfiguration {

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
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applicationName("livechat").build();
    }

    @Bean(destroyMethod = "close")
    MongoClient blockingMongoClient(MongoClientSettings settings) {
        return MongoClients.create(settings);
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

    /** Every read model that declares indexes has them created before any other bean is handed it. */
    @Bean
    static BeanPostProcessor readModelIndexes() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof IndexedReadModel readModel) {
                    readModel.ensureIndexes();
                }
                return bean;
            }
        };
    }

    @Bean
    TokenStore tokenStore(ReadModelProperties properties, MongoClient client, Serializer serializer) {
        // Tokens live beside the read models they describe, so both survive restarts together.
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, properties.database()).build())
                .serializer(serializer)
                .build();
    }

    @Bean
    ConversationUpdates conversationUpdates() {
        return new ConversationUpdates();
    }

    @Bean
    TranscriptCollections transcriptCollections(ReadModelDatabase database) {
        return new TranscriptCollections(database);
    }

    @Bean
    TranscriptProjection transcriptProjection(TranscriptCollections collections, ConversationUpdates updates) {
        return new TranscriptProjection(collections, updates);
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
                                                  @Qualifier("eventSerializer") Serializer eventSerializer) {
        // The event store's own serializer, so the recorded payload bytes are the stored ones.
        return new DisputeAuditProjection(collections, eventSerializer);
    }

    @Bean
    ProjectionLag projectionLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry meters,
                                Clock clock) {
        return new ProjectionLag(processing, eventStore, clock).bindTo(meters, List.of(
                TranscriptProjection.PROCESSING_GROUP, AgentMetricsProjection.PROCESSING_GROUP,
                DisputeAuditProjection.PROCESSING_GROUP));
    }

    @Bean
    TranscriptQueries transcriptQueries(TranscriptCollections collections) {
        return new TranscriptQueries(collections);
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
