package livechat.api.store;

import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.kurrent.KurrentConnection;
import livechat.eventstore.kurrent.KurrentEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The event store on KurrentDB, chosen by {@code livechat.eventstore=esdb://...} or {@code kurrentdb://...}. Nothing
 * here connects at startup: the server starts while KurrentDB is down, commands answer 503 until it is back, and
 * the first call after that reconnects.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("T(livechat.eventstore.kurrent.KurrentConnection).isConnectionString('${livechat.eventstore:}')")
public class KurrentEventStoreConfiguration {

    @Bean(destroyMethod = "close")
    KurrentConnection kurrentConnection(@Value("${livechat.eventstore}") String location,
                                        @Value("${livechat.eventstore-timeout:3s}") Duration callTimeout) {
        return new KurrentConnection(location, callTimeout);
    }

    /** The engine reads an aggregate's events with their payload bytes as stored, for the audit, too. */
    @Bean
    LinkingEventStorageEngine eventStorageEngine(KurrentConnection connection,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration axon,
                                                 @Value("${livechat.cached-conversations:10000}") long cached) {
        KurrentEventStorageEngine engine = KurrentEventStorageEngine.builder().connection(connection)
                .eventSerializer(eventSerializer).snapshotSerializer(EventSerialization.snapshotSerializer())
                .upcasterChain(axon.upcasterChain())
                .build();
        return new LinkingEventStorageEngine(engine, eventSerializer, engine, cached);
    }
}
