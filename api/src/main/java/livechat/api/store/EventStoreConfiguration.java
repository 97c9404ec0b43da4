package livechat.api.store;

import livechat.command.conversation.Conversation;
import livechat.events.serialization.EventSerialization;
import livechat.events.store.jdbc.JdbcEventStore;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.MultiCorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.util.List;

/** The command side's wiring: event store, serialization, aggregates, and what every event remembers. */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    /** Metadata key under which every event records who caused it. */
    public static final String ACTOR = "actor";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @Primary
    Serializer serializer(Clock clock) {
        // Axon stamps events from this static clock; tying it to the injected one makes tests and replays
        // deterministic.
        GenericEventMessage.clock = clock;
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return EventSerialization.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return EventSerialization.serializer();
    }

    /** The embedded store, unless {@code livechat.eventstore} names another ({@link KurrentEventStoreConfiguration}). */
    @Bean
    @ConditionalOnExpression("'${livechat.eventstore:}'.isEmpty()")
    EventStorageEngine eventStorageEngine(ConnectionProvider connections, TransactionManager transactions,
                                          @Qualifier("eventSerializer") Serializer serializer) {
        return JdbcEventStore.h2Engine(connections, transactions, serializer);
    }

    @Bean
    CorrelationDataProvider actorAndOrigin() {
        return new MultiCorrelationDataProvider<>(List.of(new MessageOriginProvider(),
                new SimpleCorrelationDataProvider(ACTOR)));
    }

    @Bean
    ConfigurerModule aggregatesAndProcessing() {
        return configurer -> {
            configurer.configureAggregate(Conversation.class);
            // A projection that cannot write must stop and retry, not log and skip the event.
            configurer.eventProcessing()
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        };
    }
}
