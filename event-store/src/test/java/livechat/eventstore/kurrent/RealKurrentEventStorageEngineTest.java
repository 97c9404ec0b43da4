package livechat.eventstore.kurrent;

import livechat.events.serialization.EventSerialization;
import livechat.eventstore.EventStorageEngineContract;
import livechat.eventstore.GreetingUpcaster;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;

/** The contract against a real KurrentDB, e.g. {@code LIVECHAT_TEST_ESDB=esdb://localhost:2113?tls=false}. */
@EnabledIfEnvironmentVariable(named = "LIVECHAT_TEST_ESDB", matches = ".+")
class RealKurrentEventStorageEngineTest extends EventStorageEngineContract {

    private KurrentConnection connection;

    @Override
    protected EventStorageEngine createEngine(GreetingUpcaster upcaster) {
        connection = new KurrentConnection(System.getenv("LIVECHAT_TEST_ESDB"), Duration.ofSeconds(10));
        return KurrentEventStorageEngine.builder().connection(connection)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .upcasterChain(upcaster).build();
    }

    @Override
    protected void closeEngine() {
        connection.close();
    }
}
