package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;
import sdx.chatops.config.ChatopsConfig;

/**
 * The one way to talk to the database: short transactions that commit or roll back as a whole.
 * State changes, their audit events and the Slack messages they cause are written in the same
 * transaction, so a crash never leaves one without the others. The store is SQLite unless
 * {@code SDX_DB_URL} names a PostgreSQL database; the SQL is written to run unchanged on both, with
 * the few differences named here.
 */
@ApplicationScoped
public class Database {

    public static final String SQLITE = "sqlite";
    public static final String POSTGRESQL = "postgresql";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String vendor;
    private final DataSource dataSource;
    /**
     * SQLite has one pooled connection; callers queue here, in arrival order, instead of in the pool.
     * The pool's own wait lets a caller that arrives just as the connection is handed back sleep for a
     * whole second (its fairness poll) while the connection sits idle: under load that was a command
     * answered after ~1 s now and then. Null on PostgreSQL, whose pool has many connections.
     */
    private final ReentrantLock singleConnection;

    @Inject
    public Database(ChatopsConfig config) {
        this.vendor = config.store().dbUrl().filter(url -> !url.isBlank()).isPresent() ? POSTGRESQL : SQLITE;
        this.dataSource = Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(vendor)).get();
        this.singleConnection = SQLITE.equals(vendor) ? new ReentrantLock(true) : null;
    }

    public <T> T inTransaction(Work<T> work) {
        if (singleConnection == null) {
            return transaction(work);
        }
        singleConnection.lock();
        try {
            return transaction(work);
        } finally {
            singleConnection.unlock();
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** {@link #SQLITE} or {@link #POSTGRESQL}. */
    public String vendor() {
        return vendor;
    }

    /**
     * Appended to a SELECT that reads a row to change it: PostgreSQL locks the row until the
     * transaction ends, so concurrent transactions (other replicas) wait instead of deciding on a
     * stale read. SQLite has a single writer (one pooled connection), so it needs no lock.
     */
    String forUpdate() {
        return POSTGRESQL.equals(vendor) ? " FOR UPDATE" : "";
    }

    /** Whether {@code e} is a unique-constraint violation. */
    static boolean isUniqueViolation(SQLException e) {
        // PostgreSQL: SQLState 23505; SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) or its message.
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 2067
                || (e.getErrorCode() == 19 && String.valueOf(e.getMessage()).contains("UNIQUE"));
    }
}
