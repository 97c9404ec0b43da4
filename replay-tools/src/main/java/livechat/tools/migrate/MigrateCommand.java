package livechat.tools.migrate;

import livechat.events.serialization.EventSerialization;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Copies the whole event log from one store to another, in order, keeping event ids, timestamps, payloads and
 * metadata byte for byte. It resumes: the target must hold a prefix of the source (what an interrupted run leaves),
 * and copying continues after it.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy the event log from one store to another (resumable).")
public class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "STORE",
            description = "Source: jdbc:h2:file:..., jdbc:postgresql://host:5432/db?user=...&password=..., "
                    + "esdb://host:2113?tls=false or kurrentdb://...")
    String from;

    @Option(names = "--to", required = true, paramLabel = "STORE", description = "Target, in the same forms.")
    String to;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        // One serializer for both sides: a message read from the source re-serializes to its original bytes.
        Serializer serializer = EventSerialization.serializer();
        try (EventStores.OpenStore source = EventStores.open(from, serializer);
             EventStores.OpenStore target = EventStores.open(to, serializer)) {
            Copied copied = copy(source.engine(), target.engine());
            spec.commandLine().getOut().printf("Migrated %d events (%d were already in the target).%n",
                    copied.written(), copied.skipped());
            return 0;
        } catch (Exception e) {
            err.println("migrate failed: " + e.getMessage());
            return 1;
        }
    }

    private record Copied(long skipped, long written) {
    }

    private record Prefix(long count, String lastEventId) {
    }

    private Copied copy(EventStorageEngine source, EventStorageEngine target) {
        Prefix done = prefixOf(target);
        try (Stream<? extends TrackedEventMessage<?>> events = source.readEvents(null, false);
             ProgressBar progress = new ProgressBarBuilder().setTaskName("migrate").setUnit(" events", 1)
                     .setStyle(ProgressBarStyle.ASCII).showSpeed().setInitialMax(-1)
                     .build()) {
            Iterator<? extends TrackedEventMessage<?>> it = events.iterator();
            for (long i = 0; i < done.count(); i++) {
                if (!it.hasNext()) {
                    throw new IllegalStateException("the target holds " + done.count()
                            + " events but the source only " + i);
                }
                String id = it.next().getIdentifier();
                if (i == done.count() - 1 && !id.equals(done.lastEventId())) {
                    throw new IllegalStateException("the target is not a copy of the source's beginning: its event "
                            + (i + 1) + " is " + done.lastEventId() + ", the source's is " + id);
                }
            }
            progress.stepTo(done.count());
            long written = 0;
            List<EventMessage<?>> run = new ArrayList<>();
            while (it.hasNext()) {
                EventMessage<?> event = it.next();
                if (!run.isEmpty() && !sameAggregate(run.get(0), event)) {
                    target.appendEvents(run);
                    written += run.size();
                    progress.stepBy(run.size());
                    run = new ArrayList<>();
                }
                run.add(event);
            }
            if (!run.isEmpty()) {
                target.appendEvents(run);
                written += run.size();
                progress.stepBy(run.size());
            }
            return new Copied(done.count(), written);
        }
    }

    /** Appends carry one aggregate's consecutive events, so the target's log keeps the source's order exactly. */
    private static boolean sameAggregate(EventMessage<?> a, EventMessage<?> b) {
        return a instanceof DomainEventMessage<?> da && b instanceof DomainEventMessage<?> db
                && Objects.equals(da.getAggregateIdentifier(), db.getAggregateIdentifier());
    }

    private static Prefix prefixOf(EventStorageEngine target) {
        long count = 0;
        String last = null;
        try (Stream<? extends TrackedEventMessage<?>> events = target.readEvents(null, false)) {
            for (Iterator<? extends TrackedEventMessage<?>> it = events.iterator(); it.hasNext(); ) {
                last = it.next().getIdentifier();
                count++;
            }
        }
        return new Prefix(count, last);
    }
}
