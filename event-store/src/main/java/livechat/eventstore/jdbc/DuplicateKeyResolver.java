package livechat.eventstore.jdbc;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognizes a unique-key violation however the driver reports it. Axon's resolver only looks at causes, but a
 * batched insert (how Axon appends events) reports the violation in the SQL exception's "next" chain, so two
 * commands racing on one aggregate would surface as a store failure instead of a concurrency conflict.
 */
final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return SqlFailures.violatesIntegrity(exception);
    }
}
