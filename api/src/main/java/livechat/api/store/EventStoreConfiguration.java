package livechat.api.store;

import livechat.api.security.PrincipalMetaData;
import livechat.command.ActorMetaData;
import livechat.command.ChatAggregates;
import livechat.command.ConflictRetry;
import livechat.command.assignment.Assignments;
import livechat.command.assignment.Dispatcher;
import livechat.command.conversation.ConversationHistory;
import livechat.command.conversation.EventStoreConversationHistory;
import livechat.events.privacy.DataKeys;
import livechat.events.serialization.EventSerialization;
import livechat.events.audit.StoredEvents;
import livechat.eventstore.EventArrivals;
import livechat.eventstore.PacedHeadReads;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.H2ClosedByItsOwner;
import livechat.eventstore.jdbc.H2Housekeeping;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.MultiCorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The command side's wiring: event store, serialization, aggregates, routing, and what every event remembers. */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Attempts of a command whose append conflicts: a benign race costs one more, rarely two. */
    static final int CONFLICT_ATTEMPTS = 6;
    private static final long H2_FETCH_DELAY_MS = 1_000;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @Primary
    Serializer serializer(Clock clock, DataKeys keys) {
        // Axon stamps events from this static clock; tying it to the injected one makes tests and replays
        // deterministic.
        GenericEventMessage.clock = clock;
        return EventSerialization.serializer(keys);
    }

    /** Events as stored: their personal data sealed under its data keys (docs/privacy.md). */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(DataKeys keys) {
        return EventSerialization.serializer(keys);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return EventSerialization.serializer();
    }

    /**
     * Every JDBC connection Axon uses is the one of the Spring transaction open on the calling thread, which each
     * engine call and each command's unit of work start, so only that transaction gives it back to the pool, once.
     * Axon's default also ties the connection to the unit of work and closes it again when the unit of work cleans
     * up, after the transaction has returned it: the pool lends one physical connection to one thread at a time
     * but keeps its open statements in a single list, and that second close empties the list while another thread
     * is using the connection (Hikari then fails that thread's statements with an index of -1).
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    /**
     * Axon's JDBC engine on the data source: the embedded H2 file, or PostgreSQL when {@code livechat.eventstore} is a
     * {@code jdbc:postgresql://} URL ({@link EventStoreLocation}); KurrentDB is {@link KurrentEventStoreConfiguration}'s.
     */
    @Bean
    @ConditionalOnExpression("!T(livechat.eventstore.kurrent.KurrentConnection).isConnectionString('${livechat.eventstore:}')")
    LinkingEventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions,
                                                 @Qualifier("eventSerializer") Serializer serializer,
                                                 DataSource dataSource,
                                                 @Value("${livechat.eventstore:}") String location,
                                                 @Value("${livechat.cached-conversations:10000}") long cached) {
        JdbcEventStorageEngine engine;
        if (location.startsWith(EventStoreLocation.POSTGRESQL)) {
            // The database may be down now: the server starts, and the schema is made when it is first reached.
            engine = JdbcEventStore.postgresEngine(dataSource, connections, transactions, serializer);
        } else {
            // Closed with the pool, after requests and processors stopped; not by H2's own hook at the JVM's exit.
            H2ClosedByItsOwner.apply(dataSource);
            engine = JdbcEventStore.engine(dataSource, connections, transactions, serializer);
        }
        return new LinkingEventStorageEngine(engine, serializer, new JdbcStoredEvents(dataSource), cached);
    }

    /**
     * Axon's event store on the engine. Its readers see this process's appends at once; another node's only when
     * they look again, every {@code fetch-delay} while idle: on a shared store that bounds how late an event
     * written on one node reaches the processors and live streams of the others. While events keep arriving, they
     * look again at most every {@code read-pace} ({@link PacedHeadReads}): every node reads the whole log, and
     * without a pace each would query a shared store as fast as it answers. The embedded H2 file has one reader,
     * and keeps Axon's defaults.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine engine, org.axonframework.config.Configuration configuration,
                                  @Value("${livechat.eventstore:}") String location,
                                  @Value("${livechat.eventstore-fetch-delay:50ms}") Duration sharedFetchDelay,
                                  @Value("${livechat.eventstore-read-pace:10ms}") Duration sharedReadPace) {
        return EmbeddedEventStore.builder()
                .storageEngine(location.isBlank() ? engine : new PacedHeadReads(engine, sharedReadPace))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(location.isBlank() ? H2_FETCH_DELAY_MS : sharedFetchDelay.toMillis())
                .build();
    }

    /** One line when the PostgreSQL event store goes, one when it is back ({@link EventStoreWatch}). */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${livechat.eventstore:}'.startsWith('jdbc:postgresql:')")
    EventStoreWatch eventStoreWatch(DataSource dataSource, @Value("${livechat.eventstore}") String location) {
        return EventStoreWatch.start(dataSource, location, Duration.ofSeconds(1));
    }

    /** The embedded file's compaction while it runs ({@link H2Housekeeping}); nothing for another database. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${livechat.eventstore:}'.isEmpty()")
    H2Housekeeping h2Housekeeping(DataSource dataSource) {
        return H2Housekeeping.start(dataSource);
    }

    /**
     * DOWN while the event store cannot be reached (KurrentDB or PostgreSQL down, the H2 file closed), and with it
     * readiness, so a load balancer stops sending commands that would fail.
     */
    @Bean
    HealthIndicator eventStoreHealthIndicator(LinkingEventStorageEngine engine) {
        return () -> {
            try {
                engine.createHeadToken();
                return Health.up().build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }

    /**
     * The audit reads events with their payload bytes as stored, as the engine that linked them reads them; a view
     * of the engine's reader only (the KurrentDB engine reads them itself, and must not be a second engine bean).
     */
    @Bean
    StoredEvents storedEvents(LinkingEventStorageEngine engine) {
        return engine.stored()::read;
    }

    /**
     * What every processor reads from (application.yml names it as their source). Events arriving within 25 ms of a
     * wake are handed over together: a chat message reaches its subscribers at most that much later, and under load
     * each projection batch carries several events instead of one.
     */
    @Bean
    EventArrivals eventArrivals(EventStore eventStore) {
        return new EventArrivals(eventStore, Duration.ofSeconds(1), Duration.ofMillis(25));
    }

    /** Who acted ({@code actor}) and on whose verified token ({@code subject}, {@code issuer}), on every event. */
    @Bean
    CorrelationDataProvider actorAndOrigin() {
        return new MultiCorrelationDataProvider<>(List.of(new MessageOriginProvider(),
                new SimpleCorrelationDataProvider(ActorMetaData.KEY, PrincipalMetaData.SUBJECT,
                        PrincipalMetaData.ISSUER)));
    }

    @Bean
    ActorMetaData actorMetaData() {
        return new ActorMetaData();
    }

    @Bean
    ConfigurerModule aggregatesAndProcessing(@Value("${livechat.cached-conversations:10000}") long cached,
                                             ObjectProvider<DispatcherTokenStore.Bean> dispatcherPosition) {
        return configurer -> {
            ChatAggregates.register(configurer, cached);
            // A projection that cannot write must stop and retry, not log and skip the event.
            configurer.eventProcessing()
                    // A processor without a token starts before the log's first event (no token), which needs no
                    // call to the store: a store that is down at start cannot hold the start up (Axon's default
                    // asks for the head, and a JDBC store's tail is a query too).
                    .registerPooledStreamingEventProcessorConfiguration((c, builder) ->
                            builder.initialToken(source -> null))
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                    // Every processor keeps its token in MongoDB and writes only there: its batches and claims need
                    // no transaction on the event store's database, which may be down (the engine's reads open
                    // their own).
                    .registerDefaultTransactionManager(c -> NoTransactionManager.INSTANCE)
                    // The dispatcher's position is kept with its roster (see Dispatcher).
                    .registerTokenStore(Dispatcher.PROCESSING_GROUP, c -> dispatcherPosition.getObject().tokens());
        };
    }

    /**
     * Sends commands, and sends one again when another node wrote to its aggregate first ({@link ConflictRetry}); on
     * the embedded H2 file this process is the only writer, and only its own racing commands conflict.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, @Value("${livechat.eventstore:}") String location) {
        return DefaultCommandGateway.builder().commandBus(commandBus)
                .retryScheduler(new ConflictRetry(CONFLICT_ATTEMPTS, !location.isBlank())).build();
    }

    /** Spring beans, not Axon components, are what Axon resolves as handler parameters here. */
    @Bean
    ConversationHistory conversationHistory(EventStore events) {
        return new EventStoreConversationHistory(events);
    }

    @Bean
    Assignments assignments(CommandGateway commands) {
        return new Assignments(commands);
    }

    @Bean
    Dispatcher dispatcher(Assignments assignments, CommandGateway commands, Clock clock,
                          ObjectProvider<EventProcessingConfiguration> processing,
                          @Value("${livechat.routing.automatic:true}") boolean automaticRouting,
                          @Value("${livechat.routing.reservation-timeout:30s}") Duration reservationTimeout) {
        return new Dispatcher(assignments, commands, clock, () -> processing.getObject()
                .eventProcessor(Dispatcher.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> processor.isRunning() && !processor.processingStatus().isEmpty()
                        && processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))
                .orElse(false), new Dispatcher.Settings(automaticRouting, reservationTimeout));
    }
}
