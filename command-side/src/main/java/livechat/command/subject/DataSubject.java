package livechat.command.subject;

import livechat.command.conversation.Reason;
import livechat.command.subject.SubjectCommand.EraseVisitorData;
import livechat.events.Role;
import livechat.events.subject.DataSubjectEvent;
import livechat.events.subject.DataSubjectEvent.VisitorDataErased;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.commandhandling.CommandHandler;

import java.util.Optional;
import java.util.regex.Pattern;

import static livechat.command.subject.SubjectRule.ERASURE_BY_PRIVACY_OR_SUPERVISOR;
import static livechat.command.subject.SubjectRule.ERASURE_REASON_REQUIRED;
import static livechat.command.subject.SubjectRule.LEGAL_BASIS_FORMAT;
import static livechat.command.subject.SubjectRule.LEGAL_HOLD;
import static livechat.command.subject.SubjectRule.VISITOR_NOT_FOUND;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A visitor as the subject of the personal data their conversations hold: decides requests about that data. An
 * erasure is recorded once; asking again changes nothing. Data that must be kept (a conversation under legal hold
 * or with an open dispute) is not erased, whoever asks. The keys are destroyed after the erasure is in the log,
 * by whoever reads it there, so the decision cannot be lost between the two.
 */
public class DataSubject {

    /** A short code naming the law an erasure is made under: {@code gdpr-art-17}, {@code ccpa-1798.105}. */
    private static final Pattern LEGAL_BASIS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    @AggregateIdentifier
    private String subjectId;
    private boolean erased;

    protected DataSubject() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Erasure handle(EraseVisitorData command, DataSubjects subjects) {
        if (!command.actor().is(Role.PRIVACY) && !command.actor().is(Role.SUPERVISOR)
                && !command.actor().is(Role.SYSTEM)) {
            throw ERASURE_BY_PRIVACY_OR_SUPERVISOR.broken("A visitor's data is erased by privacy staff, a "
                    + "supervisor or the retention job.");
        }
        Reason reason = Reason.of(command.reason());
        if (!reason.given()) {
            throw ERASURE_REASON_REQUIRED.broken("An erasure states its reason.");
        }
        if (command.legalBasis() == null || !LEGAL_BASIS.matcher(command.legalBasis()).matches()) {
            throw LEGAL_BASIS_FORMAT.broken("legalBasis names the law the erasure is made under, e.g. gdpr-art-17: "
                    + "1 to 64 letters, digits, '.', '_', ':' or '-'.");
        }
        if (erased) {
            return new Erasure(false);
        }
        if (!subjects.known(command.visitorId())) {
            throw VISITOR_NOT_FOUND.broken("No personal data of visitor " + command.visitorId() + " is kept.");
        }
        Optional<String> hold = subjects.hold(command.visitorId());
        if (hold.isPresent()) {
            throw LEGAL_HOLD.broken(hold.get() + ": the visitor's data is kept until that ends.");
        }
        apply(new VisitorDataErased(command.visitorId(), reason.text(), command.legalBasis(), command.actor()));
        return new Erasure(true);
    }

    @EventSourcingHandler
    void on(VisitorDataErased event) {
        subjectId = DataSubjectEvent.subjectId(event.visitorId());
        erased = true;
    }
}
