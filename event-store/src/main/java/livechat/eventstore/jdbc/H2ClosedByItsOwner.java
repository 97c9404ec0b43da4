package livechat.eventstore.jdbc;

import org.h2.engine.Database;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Takes an embedded H2 database off H2's own JVM shutdown hook, so it closes when its owner closes its connection
 * pool, after the requests and processors that use it have stopped, not at an arbitrary moment of the JVM's exit
 * (H2's hook runs beside the application's, and closing the file first fails every request still running and
 * every processor's token release). H2 offers {@code DB_CLOSE_ON_EXIT=FALSE} for this, but refuses it together with
 * {@code AUTO_SERVER}, which the tools need; this does what that setting does, through H2's own registry.
 */
public final class H2ClosedByItsOwner {

    private H2ClosedByItsOwner() {
    }

    /**
     * Unregisters the database {@code dataSource} opened in this process; nothing for another database, or one
     * another process serves (then this process holds a remote session and no file).
     */
    public static void apply(DataSource dataSource) {
        try {
            Optional<Database> database = EmbeddedH2.of(dataSource);
            if (database.isPresent()) {
                Method unregister = Class.forName("org.h2.engine.OnExitDatabaseCloser")
                        .getDeclaredMethod("unregister", Database.class);
                unregister.setAccessible(true);
                unregister.invoke(null, database.get());
            }
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot take the embedded event store off H2's shutdown hook", e);
        }
    }
}
