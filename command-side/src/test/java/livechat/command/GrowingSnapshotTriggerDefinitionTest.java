package livechat.command;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrowingSnapshotTriggerDefinitionTest {

    private final List<Long> snapshotsAt = new ArrayList<>();
    private long sequence;

    private SnapshotTrigger trigger() {
        return new GrowingSnapshotTriggerDefinition((type, id) -> snapshotsAt.add(sequence), 100, 100)
                .prepareTrigger(Object.class);
    }

    private void apply(SnapshotTrigger trigger, int events) {
        for (int i = 0; i < events; i++) {
            trigger.eventHandled(new GenericDomainEventMessage<>("Conversation", "c", sequence, "event"));
            sequence++;
        }
    }

    @Test
    void aShortAggregateIsSnapshottedEveryMinimumInterval() {
        SnapshotTrigger trigger = trigger();
        apply(trigger, 1_000);

        assertThat(snapshotsAt).containsExactly(99L, 199L, 299L, 399L, 499L, 599L, 699L, 799L, 899L, 999L);
    }

    @Test
    void aLongAggregateIsSnapshottedEveryHundredthOfItsLength() {
        SnapshotTrigger trigger = trigger();
        apply(trigger, 50_000);

        int last = snapshotsAt.size() - 1;
        assertThat(snapshotsAt.get(last) - snapshotsAt.get(last - 1)).isBetween(490L, 500L);
        assertThat(snapshotsAt).hasSizeLessThan(50_000 / 100);
    }

    @Test
    void aCachedAggregatesTriggerKeepsCountingWithTheSnapshotterGivenBack() {
        GrowingSnapshotTriggerDefinition definition =
                new GrowingSnapshotTriggerDefinition((type, id) -> snapshotsAt.add(sequence), 100, 100);
        SnapshotTrigger trigger = definition.prepareTrigger(Object.class);
        apply(trigger, 150);

        SnapshotTrigger again = definition.reconfigure(Object.class, trigger);
        apply(again, 100);

        assertThat(again).isSameAs(trigger);
        assertThat(snapshotsAt).containsExactly(99L, 199L);
    }
}
