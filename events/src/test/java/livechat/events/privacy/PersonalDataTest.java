package livechat.events.privacy;

import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataTest {

    private static final String CARD = "My card number is 4111 1111 1111 1111";
    private static final Actor VISITOR = new Actor(Role.VISITOR, "v-1");

    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final MasterKey master = new MasterKey(random());
    private final DataKeys keys = new DataKeys(store, master);
    private final Serializer serializer = EventSerialization.serializer(keys);

    private final ConversationStarted started = new ConversationStarted("c-1", "v-1", "Refund for order 4711", null);
    private final MessageSent sent = new MessageSent("c-1", "m-1", "k-1", VISITOR, CARD, false,
            List.of(new Attachment("card-4111.png", "image/png", 10, "ab".repeat(32))), null);

    @Test
    void personalComponentsAreStoredSealedAndReadBackPlain() {
        for (Object event : List.of(started, sent, new MessageEdited("c-1", "m-1", 2L, "edited " + CARD, "typo",
                VISITOR), new ConversationRated("c-1", 5, "Ask for Ada, 555-0100", "ada"))) {
            SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
            String json = new String(bytes.getData(), StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("4111", "4711", "555-0100").contains("\"lc1:");
            assertThat((Object) serializer.deserialize(bytes)).isEqualTo(event);
        }
    }

    @Test
    void theSameEventIsAlwaysTheSameBytes() {
        serializer.serialize(started, byte[].class);
        assertThat(serializer.serialize(sent, byte[].class).getData())
                .isEqualTo(serializer.serialize(sent, byte[].class).getData());
    }

    @Test
    void eventsWrittenBeforeSealingReadAsTheyWere() {
        SerializedObject<byte[]> plain = EventSerialization.serializer().serialize(sent, byte[].class);
        assertThat((Object) serializer.deserialize(plain)).isEqualTo(sent);
    }

    @Test
    void aRedactedMessageReadsErasedWhileTheConversationStaysReadable() {
        SerializedObject<byte[]> start = serializer.serialize(started, byte[].class);
        SerializedObject<byte[]> message = serializer.serialize(sent, byte[].class);

        assertThat(keys.destroyMessageKey("c-1", "m-1")).isTrue();
        assertThat(keys.destroyMessageKey("c-1", "m-1")).isFalse();

        MessageSent read = serializer.deserialize(message);
        assertThat(read.text()).isEqualTo(Sealed.ERASED);
        assertThat(read.attachments().get(0).name()).isEqualTo(Sealed.ERASED);
        assertThat(read.attachments().get(0).sha256()).isEqualTo(sent.attachments().get(0).sha256());
        assertThat(((ConversationStarted) serializer.deserialize(start)).topic()).isEqualTo(started.topic());
    }

    @Test
    void anErasedVisitorsContentReadsErasedAndNothingNewOfThemIsKept() {
        SerializedObject<byte[]> start = serializer.serialize(started, byte[].class);
        SerializedObject<byte[]> message = serializer.serialize(sent, byte[].class);
        SerializedObject<byte[]> rated = serializer.serialize(new ConversationRated("c-1", 4, "thanks", "ada"),
                byte[].class);

        assertThat(keys.knowsSubject("v-1")).isTrue();
        assertThat(keys.subjectErased("v-1")).isFalse();
        assertThat(keys.eraseSubject("v-1")).isTrue();
        assertThat(keys.subjectErased("v-1")).isTrue();
        assertThat(keys.subjectErased("v-never")).isFalse();

        assertThat(((ConversationStarted) serializer.deserialize(start)).topic()).isEqualTo(Sealed.ERASED);
        assertThat(((MessageSent) serializer.deserialize(message)).text()).isEqualTo(Sealed.ERASED);
        assertThat(((ConversationRated) serializer.deserialize(rated)).comment()).isEqualTo(Sealed.ERASED);
        MessageSent later = new MessageSent("c-1", "m-2", "k-2", VISITOR, "still " + CARD, false);
        assertThat(new String(serializer.serialize(later, byte[].class).getData(), StandardCharsets.UTF_8))
                .doesNotContain("4111");
        assertThat(((MessageSent) serializer.deserialize(serializer.serialize(later, byte[].class))).text())
                .isEqualTo(Sealed.ERASED);
        assertThat(keys.knowsSubject("v-1")).isTrue();
        assertThat(keys.knowsSubject("v-never")).isFalse();
    }

    @Test
    void aSealedValueOpensOnlyWhereItWasSealed() {
        serializer.serialize(started, byte[].class);
        String sealed = keys.sealForConversation("c-1", "ConversationStarted.topic", "Refund");
        assertThat(keys.open(sealed, "ConversationStarted.topic")).isEqualTo("Refund");
        assertThat(keys.open(sealed, "ConversationRated.comment")).isEqualTo(Sealed.UNREADABLE);
        assertThat(keys.open("lc1:AAAAAAAAAAAAAAAAAAAAAA:AAAA", "MessageSent.text"))
                .as("text that only looks sealed").isEqualTo("lc1:AAAAAAAAAAAAAAAAAAAAAA:AAAA");
    }

    @Test
    void conversationsStartedBeforeBindingsFindTheirVisitorOnce() {
        DataKeys fresh = new DataKeys(new InMemoryKeyStore(), master);
        fresh.findVisitorsWith(conversationId -> java.util.Optional.of("v-7"));
        assertThat(fresh.conversationKey("c-old")).isEqualTo(DataKeys.subjectKeyId("v-7"));
    }

    @Test
    void keysMadeUnderAnotherMasterKeyAreRefusedAtOnce() {
        new DataKeys(store, master);
        assertThatThrownBy(() -> new DataKeys(store, new MasterKey(random())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("master key");
    }

    @Test
    void anUpcastOrConvertedFormIsOpenedToo() {
        SerializedObject<byte[]> bytes = serializer.serialize(sent, byte[].class);
        SerializedObject<String> text = new SimpleSerializedObject<>(new String(bytes.getData(),
                StandardCharsets.UTF_8), String.class, bytes.getType());
        assertThat((Object) serializer.deserialize(text)).isEqualTo(sent);
    }

    private static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
