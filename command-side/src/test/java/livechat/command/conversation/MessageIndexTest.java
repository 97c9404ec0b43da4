package livechat.command.conversation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIndexTest {

    @Test
    void aHashNamesEveryMessageThatHasItNewestFirst() {
        MessageIndex index = new MessageIndex();
        index.add(2, 7, 70);
        index.add(3, 8, 70);
        index.add(5, 7, 71);

        assertThat(index.withClientIdHash(7)).containsExactly(5, 2);
        assertThat(index.withClientIdHash(8)).containsExactly(3);
        assertThat(index.withMessageIdHash(70)).containsExactly(3, 2);
        assertThat(index.withMessageIdHash(71)).containsExactly(5);
    }

    @Test
    void messagesAddedAfterTheFirstLookupAreFoundToo() {
        MessageIndex index = new MessageIndex();
        index.add(2, 7, 70);
        assertThat(index.withClientIdHash(7)).containsExactly(2);

        index.add(3, 7, 70);

        assertThat(index.withClientIdHash(7)).containsExactly(3, 2);
        assertThat(index.withMessageIdHash(70)).containsExactly(3, 2);
    }

    @Test
    void anUnknownHashNamesNothing() {
        MessageIndex index = new MessageIndex();
        index.add(2, 7, 70);

        assertThat(index.withClientIdHash(70)).isEmpty();
        assertThat(index.withMessageIdHash(7)).isEmpty();
    }

    @Test
    void theByteFormKeepsEveryMessageAndCollision() {
        MessageIndex index = new MessageIndex();
        index.add(2, Long.MIN_VALUE, -1);
        index.add(3, 0, -1);
        index.add(1L << 40, Long.MIN_VALUE, Long.MAX_VALUE);

        MessageIndex restored = MessageIndex.fromBytes(index.toBytes());

        assertThat(restored.size()).isEqualTo(3);
        assertThat(restored.withClientIdHash(Long.MIN_VALUE)).containsExactly(1L << 40, 2);
        assertThat(restored.withClientIdHash(0)).containsExactly(3);
        assertThat(restored.withMessageIdHash(-1)).containsExactly(3, 2);
        assertThat(restored.withMessageIdHash(Long.MAX_VALUE)).containsExactly(1L << 40);
        assertThat(restored.toBytes()).isEqualTo(index.toBytes());
    }

    @Test
    void aMessageTakesSeventeenBytesWhenSequencesAreClose() {
        MessageIndex index = new MessageIndex();
        for (int n = 0; n < 100_000; n++) {
            index.add(2 + 2L * n, MessageIndex.hash("cm-" + n), MessageIndex.hash("m-" + n));
        }

        assertThat(index.toBytes()).hasSizeLessThanOrEqualTo(1 + 5 + 100_000 * 17);
    }

    @Test
    void similarIdsHashApart() {
        assertThat(MessageIndex.hash("cm-1")).isNotEqualTo(MessageIndex.hash("cm-2"));
        assertThat(MessageIndex.hash("Aa")).isNotEqualTo(MessageIndex.hash("BB"));
    }
}
