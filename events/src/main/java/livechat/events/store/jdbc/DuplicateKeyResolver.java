package livechat.events.store.jdbc;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/**
 * Recognises a unique-key violation however the driver wraps it. Axon's {@code JdbcSQLErrorCodesResolver} follows
 * only {@code getCause()}, but a batch insert reports the violation through a {@code BatchUpdateException}'s
 * {@code getNextException()}: two commands racing on one aggregate then surfaced as a generic
 * {@code EventStoreException} instead of Axon's {@code ConcurrencyException}.
 */
final class DuplicateKeyResolver implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            for (SQLException s = t instanceof SQLException sql ? sql : null; s != null; s = s.getNextException()) {
                if (s instanceof SQLIntegrityConstraintViolationException || UNIQUE_VIOLATION.equals(s.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
