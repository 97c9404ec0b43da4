package livechat.eventstore.jdbc;

import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Conflicting appends on PostgreSQL; run when {@code LIVECHAT_TEST_POSTGRES} names a server. */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresEventStoreConflictTest extends JdbcEventStoreConflictContract {

    private TestPostgres postgres;

    @Override
    protected DataSource database() {
        postgres = TestPostgres.create();
        return postgres.dataSource();
    }

    @Override
    protected void closeDatabase() {
        postgres.close();
    }

    @Test
    void theLoserOfARaceWithAnAppendNotYetCommittedIsAConcurrencyConflict() throws Exception {
        engine.appendEvents(List.of(event("a-1", 0)));
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Void> winner = CompletableFuture.runAsync(() -> transactions.executeInTransaction(() -> {
            engine.appendEvents(List.of(event("a-1", 1)));
            appended.countDown();
            try {
                commit.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

        // The winner's row is not visible yet: the loser's insert passes the free-place check and waits on the
        // unique constraint until the winner commits.
        CompletableFuture<Void> loser = CompletableFuture.runAsync(() -> engine.appendEvents(
                List.of(event("a-1", 1))));
        await().until(this::anInsertWaitsForALock);
        commit.countDown();
        winner.get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> loser.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ConcurrencyException.class);
        assertThat(engine.readEvents("a-1").asStream()).hasSize(2);
    }

    private boolean anInsertWaitsForALock() throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet waiting = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
                     + "wait_event_type = 'Lock' AND datname = current_database() AND query LIKE 'INSERT%'")) {
            waiting.next();
            return waiting.getInt(1) > 0;
        }
    }
}
