package livechat.tools;

import livechat.events.privacy.DataKeys;
import livechat.query.agents.AgentDirectoryProjection;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.DisputeAuditProjection;
import livechat.query.canned.CannedResponseLibraryProjection;
import livechat.query.metrics.AgentMetricsProjection;
import livechat.query.metrics.MetricsCollections;
import livechat.query.projection.IndexedReadModel;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.staff.StaffDirectoryProjection;
import livechat.query.transcript.TranscriptCollections;
import livechat.query.transcript.TranscriptProjection;
import org.axonframework.serialization.Serializer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The read models the tool can rebuild and verify: each one projection, named by its processing group, owning its
 * collections. {@link #projection} builds the projection as the server does, writing into {@code database} (which
 * may carry a collection suffix) and with the collections' indexes declared.
 */
enum ReadModel {

    TRANSCRIPT(TranscriptProjection.PROCESSING_GROUP, TranscriptCollections.NAMES) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            return new TranscriptProjection(indexed(new TranscriptCollections(database)), sealing.keys());
        }
    },
    AGENT_METRICS(AgentMetricsProjection.PROCESSING_GROUP, MetricsCollections.NAMES) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            return new AgentMetricsProjection(indexed(new MetricsCollections(database)), metricsZone);
        }
    },
    DISPUTE_AUDIT(DisputeAuditProjection.PROCESSING_GROUP, AuditCollections.NAMES) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            // The event store's serializer, as in the server, so recorded payloads are the stored bytes.
            return new DisputeAuditProjection(indexed(new AuditCollections(database)), sealing.serializer(),
                    sealing.keys());
        }
    },
    AGENT_DIRECTORY(AgentDirectoryProjection.PROCESSING_GROUP, AgentDirectoryProjection.COLLECTIONS) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            return indexed(new AgentDirectoryProjection(database));
        }
    },
    CANNED_RESPONSES(CannedResponseLibraryProjection.PROCESSING_GROUP, CannedResponseLibraryProjection.COLLECTIONS) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            return new CannedResponseLibraryProjection(database);
        }
    },
    /** The staff directory only; the password hashes beside it (staff_credentials) are no read model. */
    STAFF_DIRECTORY(StaffDirectoryProjection.PROCESSING_GROUP, StaffDirectoryProjection.COLLECTIONS) {
        @Override
        Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing) {
            return new StaffDirectoryProjection(database);
        }
    };

    static final String ALL = "all";

    private final String processingGroup;
    private final List<String> collections;

    ReadModel(String processingGroup, List<String> collections) {
        this.processingGroup = processingGroup;
        this.collections = collections;
    }

    abstract Object projection(ReadModelDatabase database, ZoneId metricsZone, Sealing sealing);

    /** The data keys personal content is sealed under, and the serializer the events are read with. */
    record Sealing(DataKeys keys, Serializer serializer) {
    }

    /** {@code readModel} with the indexes it declares created. */
    private static <T extends IndexedReadModel> T indexed(T readModel) {
        readModel.ensureIndexes();
        return readModel;
    }

    /** The name on the command line, also the projection's processing group (its processor's name). */
    String processingGroup() {
        return processingGroup;
    }

    List<String> collections() {
        return collections;
    }

    static String names() {
        return Arrays.stream(values()).map(ReadModel::processingGroup).collect(Collectors.joining(", "));
    }

    /** {@code name} (or {@code all}) as read models, or a usage error naming the valid ones. */
    static List<ReadModel> select(String name, CommandSpec spec) {
        if (ALL.equals(name)) {
            return List.of(values());
        }
        return Arrays.stream(values()).filter(model -> model.processingGroup.equals(name)).findFirst().map(List::of)
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "unknown read model '" + name + "': expected one of " + names() + " or " + ALL));
    }
}
