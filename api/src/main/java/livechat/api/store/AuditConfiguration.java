package livechat.api.store;

import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.StoredEvents;
import livechat.events.privacy.DataKeys;
import livechat.eventstore.audit.Checkpointer;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.query.audit.AuditCollections;
import livechat.query.audit.AuditQueries;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;

/** The audit's evidence: signed checkpoints of every stream's chain head, and the queries that verify against them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {

    @Bean
    CheckpointKey checkpointKey(AuditProperties properties) throws IOException {
        return properties.signingKey() == null || properties.signingKey().isBlank()
                ? CheckpointKey.inFile(properties.signingKeyFile())
                : CheckpointKey.parse(properties.signingKey());
    }

    @Bean
    CheckpointSink checkpointSink(AuditProperties properties) {
        return new CheckpointSink(properties.checkpointDir());
    }

    /** Refuses to start on a sink whose series is broken: the evidence is in doubt, and that must be seen. */
    @Bean
    Checkpointer checkpointer(LinkingEventStorageEngine engine, CheckpointSink sink, CheckpointKey key,
                              @Qualifier("eventSerializer") Serializer serializer, Clock clock) throws IOException {
        try {
            return new Checkpointer(engine, engine.stored(), serializer, sink, key, clock);
        } catch (CheckpointSink.Damaged damaged) {
            throw new SinkInDoubt(sink, damaged);
        }
    }

    /** The checkpoint sink does not hold an unbroken series signed by this server's key. */
    public static final class SinkInDoubt extends IllegalStateException {
        SinkInDoubt(CheckpointSink sink, CheckpointSink.Damaged damaged) {
            super("The audit checkpoints in " + sink.folder().toAbsolutePath().normalize() + " cannot be trusted: "
                    + damaged.getMessage(), damaged);
        }
    }

    /** One clear paragraph instead of a bean-creation trace. */
    public static final class SinkInDoubtAnalyzer extends AbstractFailureAnalyzer<SinkInDoubt> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, SinkInDoubt cause) {
            return new FailureAnalysis(cause.getMessage(), "Keep the folder as evidence and find out who changed "
                    + "it. To run on, point LIVECHAT_AUDIT_CHECKPOINT_DIR at a new folder and start again: a new "
                    + "series of checkpoints begins there.", cause);
        }
    }

    @Bean
    CheckpointSchedule checkpointSchedule(Checkpointer checkpointer, AuditProperties properties) {
        return new CheckpointSchedule(checkpointer, properties.checkpointInterval(),
                TimestampAuthority.of(properties.timestampAuthority(), properties.timestampTimeout()));
    }

    @Bean
    AuditQueries auditQueries(AuditCollections collections, StoredEvents storedEvents, Checkpointer checkpointer,
                              CheckpointSink sink, Clock clock, DataKeys keys) {
        return new AuditQueries(collections, storedEvents, checkpointer::state, sink, clock, keys);
    }
}
