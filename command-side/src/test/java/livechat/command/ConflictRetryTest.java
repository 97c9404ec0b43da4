package livechat.command;

import livechat.command.conversation.ConversationRule;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failed commands are sent again, and how often. */
class ConflictRetryTest {

    private static final CommandMessage<?> COMMAND = GenericCommandMessage.asCommandMessage("send");

    /** How many times {@code retry} sends the command again while it keeps failing with {@code failure}. */
    private static int resends(ConflictRetry retry, RuntimeException failure) {
        AtomicInteger resent = new AtomicInteger();
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        boolean again = true;
        while (again) {
            failures.add(new Class[]{failure.getClass()});
            again = retry.scheduleRetry(COMMAND, failure, new ArrayList<>(failures), resent::incrementAndGet);
        }
        return resent.get();
    }

    @Test
    void aConflictingAppendIsSentAgainUntilTheAttemptsAreUsed() {
        assertThat(resends(new ConflictRetry(4, false), new ConcurrencyException("another writer came first")))
                .isEqualTo(3);
        assertThat(resends(new ConflictRetry(4, true), new CommandExecutionException("wrapped",
                new ConcurrencyException("another writer came first")))).isEqualTo(3);
    }

    @Test
    void aRefusalIsCheckedOnceMoreOnlyOnASharedStore() {
        RuleViolation refused = ConversationRule.CONVERSATION_OPEN.broken("closed");
        assertThat(resends(new ConflictRetry(4, true), refused)).isEqualTo(1);
        assertThat(resends(new ConflictRetry(4, false), refused)).isZero();
    }

    @Test
    void anythingElseIsAnsweredAtOnce() {
        assertThat(resends(new ConflictRetry(4, true), new AggregateStreamCreationException("exists"))).isZero();
        assertThat(resends(new ConflictRetry(4, true), new IllegalStateException("store down"))).isZero();
    }
}
