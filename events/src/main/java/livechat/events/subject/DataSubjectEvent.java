package livechat.events.subject;

import livechat.events.Actor;

/**
 * What happens to a visitor as the subject of the personal data the conversations hold. The aggregate is the
 * visitor's ({@link #subjectId}); its events are never sealed, so the record of an erasure outlives what it erased.
 */
public sealed interface DataSubjectEvent {

    String visitorId();

    /** The aggregate id of a visitor as a data subject. */
    static String subjectId(String visitorId) {
        return "subject:" + visitorId;
    }

    /**
     * The visitor's personal data is erased: their data key is destroyed, so everything sealed under it (and under
     * the keys of their conversations' messages) reads as erased from now on. {@code legalBasis} is what the
     * erasure is made under, e.g. {@code gdpr-art-17}.
     */
    record VisitorDataErased(String visitorId, String reason, String legalBasis, Actor erasedBy)
            implements DataSubjectEvent {
    }
}
