package livechat.query.projection;

import livechat.events.Actor;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActorFieldsTest {

    @Test
    void anActorOrItsRoleAndIdFormIsStoredAsRoleAndIdBesideItsId() {
        Document expected = new Document("actor", new Document("role", "agent").append("id", "a-1"))
                .append("actorId", "a-1");
        assertThat(ActorFields.with(new Document(), "actor", Actor.parse("agent:a-1"))).isEqualTo(expected);
        assertThat(ActorFields.with(new Document(), "actor", "agent:a-1")).as("from metadata").isEqualTo(expected);
        assertThat(ActorFields.read(expected, "actor")).isEqualTo("agent:a-1");
    }

    @Test
    void whatIsNoActorIsKeptAsGivenAndNobodyIsNull() {
        Document odd = ActorFields.with(new Document(), "actor", "an importer");
        assertThat(odd).isEqualTo(new Document("actor", "an importer").append("actorId", null));
        assertThat(ActorFields.read(odd, "actor")).isEqualTo("an importer");
        Document nobody = ActorFields.with(new Document(), "resolvedBy", null);
        assertThat(nobody).isEqualTo(new Document("resolvedBy", null).append("resolvedById", null));
        assertThat(ActorFields.read(nobody, "resolvedBy")).isNull();
    }

    @Test
    void aRoleAndIdStringProjectedEarlierReadsTheSame() {
        assertThat(ActorFields.read(new Document("openedBy", "visitor:v-1"), "openedBy")).isEqualTo("visitor:v-1");
    }
}
