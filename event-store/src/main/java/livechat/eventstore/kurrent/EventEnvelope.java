package livechat.eventstore.kurrent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Axon knows about an event beyond its payload, kept as the KurrentDB event's JSON metadata. The timestamp is
 * Axon's (ISO-8601, full precision), not the server's creation time, so a migrated or replayed event keeps it.
 * {@code eventIdentifier} is Axon's event id when it is not a UUID (KurrentDB's own id is then derived from it);
 * null otherwise.
 */
record EventEnvelope(String aggregateType, String aggregateIdentifier, long sequenceNumber, String timestamp,
                     String payloadRevision, JsonNode metaData, String eventIdentifier) {

    /** Axon's id of the event KurrentDB knows as {@code stored}. */
    String eventIdOr(String stored) {
        return eventIdentifier != null ? eventIdentifier : stored;
    }
}
