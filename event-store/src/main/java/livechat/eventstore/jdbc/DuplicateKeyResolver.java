package livechat.eventstore.jdbc;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/**
 * Recognizes a unique-key violation however the driver reports it. Axon's resolver only looks at causes, but a
 * batched insert (how Axon appends events) reports the violation in the SQL exception's "next" chain, so two
 * commands racing on one aggregate would surface as a store failure instead of a concurrency conflict.
 */
final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    /** SQL state class 23: integrity constraint violation, in every SQL dialect. */
    private static final String INTEGRITY_CONSTRAINT_VIOLATION = "23";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && violatesIntegrity(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean violatesIntegrity(SQLException exception) {
        for (SQLException e = exception; e != null; e = e.getNextException()) {
            if (e instanceof SQLIntegrityConstraintViolationException
                    || (e.getSQLState() != null && e.getSQLState().startsWith(INTEGRITY_CONSTRAINT_VIOLATION))) {
                return true;
            }
        }
        return false;
    }
}
