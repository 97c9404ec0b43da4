package livechat.api.store;

import livechat.command.subject.DataSubjects;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.privacy.DataKeys;
import livechat.eventstore.keys.DataFolderKeys;
import livechat.eventstore.keys.KmsMasterKey;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.Message;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The data keys personal content is sealed under (docs/privacy.md): the key store in the data folder (or in
 * {@code livechat.privacy.data-dir}, a folder the nodes share), apart from the event log, under the master key of
 * {@code livechat.privacy.master-key}, or kept by the key service of {@code livechat.privacy.kms.*}, or of
 * {@code keys/privacy-master.key} there; what destroys keys and files once a redaction or an erasure is in the
 * log; the retention job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetentionProperties.class)
public class PrivacyConfiguration {

    @Bean(destroyMethod = "close")
    DataFolderKeys dataFolderKeys(@Value("${livechat.privacy.data-dir}") Path dataDir,
                                  @Value("${livechat.privacy.master-key:}") String masterKey,
                                  @Value("${livechat.privacy.kms.key-id:}") String kmsKeyId,
                                  @Value("${livechat.privacy.kms.region:}") String kmsRegion,
                                  @Value("${livechat.privacy.kms.endpoint:}") String kmsEndpoint) {
        return DataFolderKeys.open(dataDir, masterKey, new KmsMasterKey.Settings(kmsKeyId, kmsRegion, kmsEndpoint));
    }

    /**
     * A conversation started before its visitor's binding was recorded finds the visitor in its first event, read
     * from the log (not from a snapshot); a redaction finds the keys of the message by reading (and so opening)
     * every event of its conversation.
     */
    @Bean
    DataKeys dataKeys(DataFolderKeys folder, ObjectProvider<EventStore> events) {
        DataKeys keys = folder.keys();
        keys.findVisitorsWith(conversationId -> {
            DomainEventStream stream = events.getObject().readEvents(conversationId, 0);
            return stream.hasNext() && stream.next().getPayload() instanceof ConversationStarted started
                    ? Optional.of(started.visitorId()) : Optional.empty();
        });
        keys.findMessageKeysWith(conversationId -> events.getObject().readEvents(conversationId, 0).asStream()
                .forEach(Message::getPayload));
        return keys;
    }

    /**
     * What the erasure of a visitor asks before it is recorded: whether any data of theirs was ever sealed, and
     * whether a conversation of theirs keeps it (legal hold, open dispute).
     */
    @Bean
    DataSubjects dataSubjects(DataKeys keys, TranscriptQueries transcripts, ObjectProvider<EventStore> events) {
        return new SubjectHolds(keys, transcripts, events::getObject);
    }

    @Bean
    MessageRedactions messageRedactions(DataKeys keys, AttachmentStore attachments,
                                        ObjectProvider<EventStore> events) {
        return new MessageRedactions(keys, attachments, events::getObject);
    }

    @Bean
    KeyShredding keyShredding(DataKeys keys, AttachmentStore attachments, MessageRedactions redactions) {
        return new KeyShredding(keys, attachments, redactions);
    }

    @Bean
    RetentionJob retentionJob(RetentionProperties retention, TranscriptQueries transcripts, DataKeys keys,
                              CommandGateway commands, Clock clock) {
        return new RetentionJob(retention, transcripts, keys, commands, clock);
    }
}
