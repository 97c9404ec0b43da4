package livechat.api.store;

import livechat.command.subject.DataSubjects;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.privacy.DataKeys;
import livechat.eventstore.keys.DataFolderKeys;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The data keys personal content is sealed under (docs/privacy.md): the key store in the data folder (or in
 * {@code livechat.privacy.data-dir}, a folder the nodes share), apart from the event log, under the master key of
 * {@code livechat.privacy.master-key} or of {@code keys/privacy-master.key} there; and
 * what destroys keys once a redaction or an erasure is in the log.
 */
@Configuration(proxyBeanMethods = false)
public class PrivacyConfiguration {

    @Bean(destroyMethod = "close")
    DataFolderKeys dataFolderKeys(@Value("${livechat.privacy.data-dir:${livechat.data-dir}}") Path dataDir,
                                  @Value("${livechat.privacy.master-key:}") String masterKey) {
        return DataFolderKeys.open(dataDir, masterKey);
    }

    /**
     * A conversation started before its visitor's binding was recorded finds the visitor in its first event, read
     * from the log (not from a snapshot).
     */
    @Bean
    DataKeys dataKeys(DataFolderKeys folder, ObjectProvider<EventStore> events) {
        DataKeys keys = folder.keys();
        keys.findVisitorsWith(conversationId -> {
            DomainEventStream stream = events.getObject().readEvents(conversationId, 0);
            return stream.hasNext() && stream.next().getPayload() instanceof ConversationStarted started
                    ? Optional.of(started.visitorId()) : Optional.empty();
        });
        return keys;
    }

    /** What the erasure of a visitor asks before it is recorded: whether any data of theirs was ever sealed. */
    @Bean
    DataSubjects dataSubjects(DataKeys keys) {
        return keys::knowsSubject;
    }

    @Bean
    KeyShredding keyShredding(DataKeys keys) {
        return new KeyShredding(keys);
    }
}
