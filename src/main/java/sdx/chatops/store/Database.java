package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
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

    private static final int MAX_BATCH = 64;
    /** SQLite connections that only read, beside the one that writes (reads share no turn with writes). */
    private static final int READERS = 4;

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String vendor;
    private final DataSource dataSource;
    /**
     * Transactions that arrive together run as one (each in a savepoint) with one COMMIT: one fsync
     * for a burst instead of one each. Shared transactions go through it on either store.
     */
    private final GroupCommit shared;
    /**
     * SQLite: every transaction is shared. There is one connection, and this also keeps callers out of
     * the pool's own wait, whose fairness poll let a caller that arrived as the connection was handed
     * back sleep for a whole second while the connection sat idle (the ~1 s answers at one
     * connection). PostgreSQL: only {@link #insertShared} work is (inserts take no row locks, so a batch
     * cannot deadlock with another replica's).
     */
    private final boolean everyTransactionShared;
    /** SQLite: reads on connections of their own; null on PostgreSQL, whose pool serves both. */
    private final SqliteReaders readers;
    /** How durably a new request is committed before its ack ({@code chatops.store.flush-new-requests}). */
    private final Durability newRequests;

    @Inject
    public Database(ChatopsConfig config) {
        this.vendor = config.store().dbUrl().filter(url -> !url.isBlank()).isPresent() ? POSTGRESQL : SQLITE;
        this.dataSource = Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(vendor)).get();
        this.shared = new GroupCommit(this::transaction, MAX_BATCH);
        this.newRequests = config.store().flushNewRequests() ? Durability.FLUSHED : Durability.FLUSH_LATER;
        this.everyTransactionShared = SQLITE.equals(vendor);
        this.readers = SQLITE.equals(vendor) ? new SqliteReaders(((AgroalDataSource) dataSource).getConfiguration()
                .connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl(), READERS) : null;
    }

    @PreDestroy
    void closeReaders() {
        if (readers != null) {
            readers.close();
        }
    }

    /**
     * Work that only reads: it sees what was committed when it began. On SQLite it runs on a reading
     * connection of its own and so never waits behind writes; on PostgreSQL it is a transaction of
     * its own. Work that reads in order to write must read in the transaction that writes instead.
     */
    public <T> T read(Work<T> work) {
        return readers != null ? readers.read(work) : transaction(work);
    }

    /** A transaction of its own (on SQLite, perhaps shared with others that arrived at the same time). */
    public <T> T inTransaction(Work<T> work) {
        return everyTransactionShared ? shared.run(work) : transaction(work);
    }

    /**
     * Inserts {@code rows} in a transaction shared with other work that arrives at the same time, on
     * either store; the rows of such inserts go to the database together, one batch per statement.
     * Fails with a {@link StoreException} (its cause the {@link SQLException}) when a row of these
     * is refused; then none of them is stored. These are new requests: they are committed as
     * {@code chatops.store.flush-new-requests} says ({@link Durability}).
     */
    void insertShared(Inserts rows) {
        shared.insert(rows, newRequests);
    }

    /** How durably new requests are committed. */
    Durability newRequests() {
        return newRequests;
    }

    /** One transaction on one connection, committed (and flushed) or rolled back as a whole. */
    <T> T transaction(Work<T> work) {
        return transaction(work, Durability.FLUSHED);
    }

    /**
     * One transaction on one connection, committed or rolled back as a whole; with
     * {@link Durability#FLUSH_LATER} the commit does not wait for the disk. On SQLite that is
     * {@code synchronous=NORMAL} for this transaction (WAL: the commit is written, not synced; the next
     * FULL commit or checkpoint syncs it), set on the connection before it begins and set back to FULL
     * after it ends, so no other transaction runs with it. On PostgreSQL it is
     * {@code SET LOCAL synchronous_commit = off}, which ends with the transaction.
     */
    <T> T transaction(Work<T> work, Durability durability) {
        boolean relaxedSqlite = durability == Durability.FLUSH_LATER && SQLITE.equals(vendor);
        try (Connection connection = dataSource.getConnection()) {
            if (relaxedSqlite) {
                execute(connection, "PRAGMA synchronous = NORMAL");
            }
            try {
                return commitOrRollBack(connection, work, durability);
            } finally {
                if (relaxedSqlite) {
                    connection.setAutoCommit(true);
                    execute(connection, "PRAGMA synchronous = FULL");
                }
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private <T> T commitOrRollBack(Connection connection, Work<T> work, Durability durability) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (durability == Durability.FLUSH_LATER && POSTGRESQL.equals(vendor)) {
                execute(connection, "SET LOCAL synchronous_commit = off");
            }
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
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
