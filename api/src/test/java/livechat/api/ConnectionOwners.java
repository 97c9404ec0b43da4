package livechat.api;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches every JDBC connection the server's {@code DataSource} lends: a connection belongs to the thread that
 * borrowed it until that thread closes it, once. A pool keeps one list of open statements per physical connection
 * and does not lock it across borrowers, so a call on a connection after it went back to the pool (a second
 * {@code close()} included), or from another thread while it is lent, changes the state of whoever holds it now.
 * Each such call is recorded, with where it came from, in {@link #misuses()}.
 * <p>
 * A server picks it up with {@code --spring.main.sources=livechat.api.ConnectionOwners}: it wraps the
 * {@code DataSource} bean, which the transaction manager and the event store's connection provider then both use.
 */
public final class ConnectionOwners implements BeanPostProcessor {

    private static final int REPORTED = 3;

    private final List<Throwable> misuses = new CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)) {
            return new DelegatingDataSource(dataSource) {
                @Override
                public Connection getConnection() throws SQLException {
                    return watched(super.getConnection());
                }

                @Override
                public Connection getConnection(String username, String password) throws SQLException {
                    return watched(super.getConnection(username, password));
                }
            };
        }
        return bean;
    }

    /** Every call on a connection after its return to the pool, or from a thread other than its borrower. */
    public List<Throwable> misuses() {
        return List.copyOf(misuses);
    }

    /** How many misuses there were, and where the first few came from. */
    public String report() {
        List<Throwable> seen = misuses();
        StringWriter report = new StringWriter();
        PrintWriter out = new PrintWriter(report);
        out.println(seen.size() + " calls on connections their callers did not hold; the first ones:");
        seen.stream().limit(REPORTED).forEach(misuse -> misuse.printStackTrace(out));
        out.flush();
        return report.toString();
    }

    private Connection watched(Connection connection) {
        Lent lent = new Lent(connection, Thread.currentThread());
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "watched " + connection;
                    default -> lent.call(method, args);
                });
    }

    /** One loan of a connection: its borrower, and whether it was given back. */
    private final class Lent {

        private final Connection connection;
        private final Thread borrower;
        private volatile boolean returned;

        Lent(Connection connection, Thread borrower) {
            this.connection = connection;
            this.borrower = borrower;
        }

        Object call(Method method, Object[] args) throws Throwable {
            check("Connection." + method.getName(), !method.getName().equals("isClosed"));
            if (method.getName().equals("close")) {
                returned = true;
            }
            Object result = invoke(connection, method, args);
            return result instanceof Statement statement ? statement(statement, method.getReturnType()) : result;
        }

        /** A statement's close touches its physical connection's list of open statements: the same rules hold. */
        private Object statement(Statement statement, Class<?> type) {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{type},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> {
                            check("Statement." + method.getName(), true);
                            yield invoke(statement, method, args);
                        }
                    });
        }

        private void check(String call, boolean needsLoan) {
            Thread caller = Thread.currentThread();
            if (needsLoan && returned) {
                misuses.add(new IllegalStateException(call + " on " + caller.getName() + " after " + borrower.getName()
                        + " gave the connection back to the pool"));
            } else if (caller != borrower && !returned) {
                misuses.add(new IllegalStateException(call + " on " + caller.getName() + " while the connection is "
                        + "lent to " + borrower.getName()));
            }
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
