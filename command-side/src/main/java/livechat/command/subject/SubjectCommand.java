package livechat.command.subject;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import livechat.events.subject.DataSubjectEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Requests about a visitor as the subject of personal data: the aggregate id is the subject's. */
public sealed interface SubjectCommand extends ActorCommand {

    String visitorId();

    @TargetAggregateIdentifier
    default String subjectId() {
        return DataSubjectEvent.subjectId(visitorId());
    }

    /** Erase the visitor's personal data, for {@code reason}, under {@code legalBasis} (e.g. {@code gdpr-art-17}). */
    record EraseVisitorData(String visitorId, Actor actor, String reason, String legalBasis)
            implements SubjectCommand {
    }
}
