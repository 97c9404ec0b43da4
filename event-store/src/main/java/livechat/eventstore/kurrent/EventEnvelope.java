package livechat.eventstore.kurrent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What Axon knows about an event beyond its payload, kept as the KurrentDB event's JSON metadata. The timestamp is
 * Axon's (ISO-8601, full precision), not the server's creation time, so a migrated or replayed event keeps it.
 */
record EventEnvelope(String aggregateType, String aggregateIdentifier, long sequenceNumber, String timestamp,
                     String payloadRevision, JsonNode metaData) {
}
