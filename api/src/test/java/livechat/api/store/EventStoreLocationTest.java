package livechat.api.store;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStoreLocationTest {

    private static final String H2 = "jdbc:h2:file:./data/events";

    private static MockEnvironment at(String location) {
        return new MockEnvironment().withProperty("spring.datasource.url", H2)
                .withProperty("spring.datasource.username", "sa").withProperty("livechat.eventstore", location);
    }

    private static MockEnvironment located(MockEnvironment environment) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(environment);
        new EventStoreLocation().initialize(context);
        return environment;
    }

    @Test
    void aPostgresUrlBecomesTheDataSourceWithItsCredentialsAndTheStoresTimeout() {
        MockEnvironment bare = located(at("jdbc:postgresql://db:5432/chat"));
        assertThat(bare.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/chat");
        assertThat(bare.getProperty("spring.datasource.username")).isEmpty();
        assertThat(bare.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("3000");

        MockEnvironment configured = located(at("jdbc:postgresql://db/chat")
                .withProperty("livechat.eventstore-username", "livechat")
                .withProperty("livechat.eventstore-password", "secret")
                .withProperty("livechat.eventstore-timeout", "500ms"));
        assertThat(configured.getProperty("spring.datasource.username")).isEqualTo("livechat");
        assertThat(configured.getProperty("spring.datasource.password")).isEqualTo("secret");
        assertThat(configured.getProperty("spring.datasource.hikari.connection-timeout")).isEqualTo("500");
    }

    @Test
    void theEmbeddedStoreAndKurrentDbLeaveTheDataSourceAlone() {
        for (String location : new String[]{"", "esdb://localhost:2113?tls=false", "kurrentdb://kdb:2113"}) {
            assertThat(located(at(location)).getProperty("spring.datasource.url")).isEqualTo(H2);
        }
    }

    @Test
    void anyOtherLocationStopsTheStartNamingWhatIsAccepted() {
        assertThatThrownBy(() -> located(at("jdbc:mysql://db/chat"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("livechat.eventstore must be a jdbc:postgresql:// URL, an esdb:// or kurrentdb:// "
                        + "connection string, or empty for the embedded store, not: jdbc:mysql://db/chat");
    }
}
