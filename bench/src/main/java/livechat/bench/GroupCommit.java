package livechat.bench;

import livechat.eventstore.ForwardingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcEventStore;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.Serializer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Appends the events of concurrent units of work in one transaction. With {@code WRITE_DELAY=0} every H2 commit
 * writes the file, so committing each command alone caps the store at a few thousand commits per second; here one
 * committer thread takes whatever appends are waiting, writes them in one transaction, and only then lets each
 * caller go on, so an acknowledged command still has its events in the file. If a group fails (a concurrency
 * conflict, say), its appends are retried one by one, so only the culprit fails and with its own exception.
 * Everything but appending goes straight to the delegate. It lives with the benchmarks because the server does not
 * use it: against the server's one commit per command it gains too little to be worth its cost (the append
 * benchmark's group-commit path, docs/benchmarks.md).
 * <p>
 * The committer writes over a connection of its own, outside the callers' transactions: callers hold pooled
 * connections while they wait, and a committer borrowing from the same pool could wait for them forever. Events
 * are therefore committed before the rest of the caller's unit of work, which writes nothing else to this database.
 */
final class GroupCommit extends ForwardingEventStorageEngine implements AutoCloseable {

    private static final int MAX_GROUP = 256;

    private final Connection connection;
    private final EventStorageEngine writer;
    private final BlockingQueue<Append> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;

    /** How to build an engine like {@code delegate} on the committer's connection and transactions. */
    public interface WriterFactory {
        EventStorageEngine create(ConnectionProvider connections, TransactionManager transactions);
    }

    /** Group commits on the embedded H2 store, the committer writing over a connection of {@code dataSource}. */
    static GroupCommit h2(ConnectionProvider connections, TransactionManager transactions, DataSource dataSource,
                          Serializer serializer) {
        return new GroupCommit(JdbcEventStore.h2Engine(connections, transactions, serializer), dataSource,
                (writerConnections, writerTransactions) -> JdbcEventStore.h2Engine(writerConnections,
                        writerTransactions, serializer));
    }

    public GroupCommit(EventStorageEngine delegate, DataSource dataSource, WriterFactory writer) {
        super(delegate);
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new EventStoreException("cannot open the event store's commit connection", e);
        }
        // The engine would close (return) its connection after each batch; this one stays for the committer.
        Connection kept = ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.NoOpCloseHandler());
        this.writer = writer.create(() -> kept, NoTransactionManager.INSTANCE);
        committer = new Thread(this::commitWhileRunning, "event-store-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    private record Append(List<? extends EventMessage<?>> events, CompletableFuture<Void> done) {
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        Append append = new Append(events, new CompletableFuture<>());
        waiting.add(append);
        try {
            append.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void commitWhileRunning() {
        List<Append> group = new ArrayList<>();
        try {
            while (true) {
                group.add(waiting.take());
                waiting.drainTo(group, MAX_GROUP - 1);
                commit(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            IllegalStateException closed = new IllegalStateException("the event store is closed");
            group.forEach(append -> append.done().completeExceptionally(closed));
            waiting.forEach(append -> append.done().completeExceptionally(closed));
        }
    }

    private void commit(List<Append> group) {
        if (group.size() > 1) {
            List<EventMessage<?>> all = new ArrayList<>();
            group.forEach(append -> all.addAll(append.events()));
            if (write(all) == null) {
                group.forEach(append -> append.done().complete(null));
                return;
            }
        }
        for (Append append : group) {
            RuntimeException failure = write(append.events());
            if (failure == null) {
                append.done().complete(null);
            } else {
                append.done().completeExceptionally(failure);
            }
        }
    }

    /** Writes and commits {@code events}, or rolls back and answers why not. */
    private RuntimeException write(List<? extends EventMessage<?>> events) {
        try {
            writer.appendEvents(events);
            connection.commit();
            return null;
        } catch (RuntimeException | SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            return e instanceof RuntimeException runtime ? runtime
                    : new EventStoreException("cannot commit events", e);
        }
    }

    @Override
    public void close() {
        committer.interrupt();
        try {
            committer.join();
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new EventStoreException("cannot close the event store's commit connection", e);
        }
    }
}
