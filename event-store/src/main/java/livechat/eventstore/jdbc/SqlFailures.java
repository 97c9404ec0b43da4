package livechat.eventstore.jdbc;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

/**
 * What an SQL failure says about itself, wherever the driver put it: in the causes, or in an SQL exception's "next"
 * chain, where a batched insert (how Axon appends events) reports what went wrong.
 */
public final class SqlFailures {

    /** SQL state class 23: integrity constraint violation, in every SQL dialect. */
    private static final String INTEGRITY_CONSTRAINT_VIOLATION = "23";
    /** SQL state class 08: connection exception. */
    private static final String CONNECTION_EXCEPTION = "08";

    private SqlFailures() {
    }

    /** A unique key (or another constraint) refused the write. */
    static boolean violatesIntegrity(Throwable failure) {
        return any(failure, e -> e instanceof SQLIntegrityConstraintViolationException
                || hasState(e, INTEGRITY_CONSTRAINT_VIOLATION));
    }

    /** The database could not be reached, or the connection to it was lost: nothing was committed. */
    public static boolean lostTheDatabase(Throwable failure) {
        return any(failure, e -> e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || hasState(e, CONNECTION_EXCEPTION));
    }

    private static boolean hasState(SQLException e, String stateClass) {
        return e.getSQLState() != null && e.getSQLState().startsWith(stateClass);
    }

    private static boolean any(Throwable failure, Predicate<SQLException> test) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (test.test(e)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
