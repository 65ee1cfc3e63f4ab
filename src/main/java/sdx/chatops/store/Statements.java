package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sqlite.SQLiteConnection;

/**
 * Where the store's SQL is prepared. On SQLite a prepared statement is kept with its connection and
 * used again: the bot runs the same few statements for every command, and preparing them (parsing
 * and planning the SQL) took about a sixth of the time the single connection was held. PostgreSQL
 * gets plain statements, prepared and closed each time: pgjdbc keeps its own per-connection cache of
 * parsed statements and prepares them on the server after a few uses.
 *
 * <p>
 * A kept statement is lent to one caller at a time: the connection is used by one thread at a time
 * (the pool lends it out whole), and a statement asked for again while it is lent (a query inside
 * the loop over another's rows) is prepared anew and closed after use. When the lease ends the
 * statement's parameters are cleared; sqlite-jdbc resets a statement after each update, failed or
 * not, and when its result set is closed. SQL whose text changes with its values (IN lists) is
 * prepared with {@link #prepareOnce} instead. At most {@link #KEPT} statements are kept per connection,
 * the least recently used one closed first; the kept statements of a connection that was closed are
 * dropped when the next new connection asks.
 */
final class Statements {

    static final int KEPT = 64;

    private static final Map<SQLiteConnection, Kept> KEPT_BY_CONNECTION = new IdentityHashMap<>();

    private Statements() {
    }

    /** A prepared statement for {@code sql} on {@code c}, to be closed (given back) after use. */
    static Lease prepare(Connection c, String sql) throws SQLException {
        if (!c.isWrapperFor(SQLiteConnection.class)) {
            return prepareOnce(c, sql);
        }
        // Prepared on the driver's own connection: statements made through the pool's wrapper are
        // closed with the wrapper when the transaction gives the connection back.
        SQLiteConnection physical = c.unwrap(SQLiteConnection.class);
        return kept(physical).lend(physical, sql);
    }

    /**
     * A statement for SQL built anew per call, such as an IN list as long as its values: prepared and
     * closed after use, never kept, so that its many shapes cannot push out the statements that run
     * for every command.
     */
    static Lease prepareOnce(Connection c, String sql) throws SQLException {
        return new Lease(c.prepareStatement(sql), null);
    }

    /** How many statements are kept for {@code c} now (for tests). */
    static int keptFor(Connection c) throws SQLException {
        SQLiteConnection physical = c.unwrap(SQLiteConnection.class);
        synchronized (KEPT_BY_CONNECTION) {
            Kept kept = KEPT_BY_CONNECTION.get(physical);
            return kept == null ? 0 : kept.size();
        }
    }

    private static Kept kept(SQLiteConnection physical) throws SQLException {
        synchronized (KEPT_BY_CONNECTION) {
            Kept kept = KEPT_BY_CONNECTION.get(physical);
            if (kept == null) {
                for (Iterator<SQLiteConnection> it = KEPT_BY_CONNECTION.keySet().iterator(); it.hasNext();) {
                    if (it.next().isClosed()) {
                        it.remove();
                    }
                }
                kept = new Kept();
                KEPT_BY_CONNECTION.put(physical, kept);
            }
            return kept;
        }
    }

    /** A statement on loan: {@link #close()} gives a kept one back, and closes one that is not kept. */
    static final class Lease implements AutoCloseable {

        private final PreparedStatement statement;
        private final Entry entry;

        private Lease(PreparedStatement statement, Entry entry) {
            this.statement = statement;
            this.entry = entry;
        }

        PreparedStatement statement() {
            return statement;
        }

        @Override
        public void close() throws SQLException {
            if (entry == null) {
                statement.close();
                return;
            }
            try {
                statement.clearParameters();
            } catch (SQLException e) {
                entry.kept.forget(entry);
                statement.close();
                throw e;
            } finally {
                entry.kept.giveBack(entry);
            }
        }
    }

    private static final class Entry {
        final Kept kept;
        final String sql;
        final PreparedStatement statement;
        boolean lent;

        Entry(Kept kept, String sql, PreparedStatement statement) {
            this.kept = kept;
            this.sql = sql;
            this.statement = statement;
        }
    }

    /** One connection's kept statements, least recently used first. */
    private static final class Kept {

        private final LinkedHashMap<String, Entry> bySql = new LinkedHashMap<>(16, 0.75f, true);

        synchronized Lease lend(SQLiteConnection physical, String sql) throws SQLException {
            Entry entry = bySql.get(sql);
            if (entry != null && entry.statement.isClosed()) {
                bySql.remove(sql);
                entry = null;
            }
            if (entry == null) {
                entry = new Entry(this, sql, physical.prepareStatement(sql));
                bySql.put(sql, entry);
                evict();
            } else if (entry.lent) {
                return new Lease(physical.prepareStatement(sql), null);
            }
            entry.lent = true;
            return new Lease(entry.statement, entry);
        }

        synchronized void giveBack(Entry entry) {
            entry.lent = false;
        }

        synchronized void forget(Entry entry) {
            bySql.remove(entry.sql, entry);
        }

        synchronized int size() {
            return bySql.size();
        }

        private void evict() throws SQLException {
            for (Iterator<Entry> it = bySql.values().iterator(); bySql.size() > KEPT && it.hasNext();) {
                Entry eldest = it.next();
                if (!eldest.lent) {
                    it.remove();
                    eldest.statement.close();
                }
            }
        }
    }
}
