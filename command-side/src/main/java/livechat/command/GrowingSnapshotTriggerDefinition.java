package livechat.command;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;


/**
 * A snapshot every {@code minimum} events, or every {@code 1/fraction} of the aggregate's length once that is more.
 * Taking a snapshot costs in proportion to the aggregate's state; at a fixed interval each event of a long
 * conversation would pay for ever larger snapshots. Growing the interval with the length keeps that share constant,
 * and a cold load still reads at most one interval of events after its snapshot.
 */
public final class GrowingSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int minimum;
    private final int fraction;

    public GrowingSnapshotTriggerDefinition(Snapshotter snapshotter, int minimum, int fraction) {
        this.snapshotter = snapshotter;
        this.minimum = minimum;
        this.fraction = fraction;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new GrowingSnapshotTrigger(snapshotter, aggregateType, minimum, fraction);
    }

    /** A cached aggregate keeps its trigger, but not the snapshotter, which is not serializable. */
    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof GrowingSnapshotTrigger growing) {
            growing.setSnapshotter(snapshotter);
            return growing;
        }
        return prepareTrigger(aggregateType);
    }

    private static final class GrowingSnapshotTrigger extends AbstractSnapshotTrigger {

        private final int minimum;
        private final int fraction;
        private long length;
        private long sinceSnapshot;

        GrowingSnapshotTrigger(Snapshotter snapshotter, Class<?> aggregateType, int minimum, int fraction) {
            super(snapshotter, aggregateType);
            this.minimum = minimum;
            this.fraction = fraction;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> event) {
                length = event.getSequenceNumber() + 1;
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++sinceSnapshot >= Math.max(minimum, length / fraction);
        }

        @Override
        protected void reset() {
            sinceSnapshot = 0;
        }
    }
}
