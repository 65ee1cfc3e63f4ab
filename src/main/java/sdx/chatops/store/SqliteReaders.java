package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Reading connections to the SQLite file, beside the pool's single writing connection. In WAL mode
 * readers and the writer do not wait for each other: a read sees what was committed when it began,
 * and never waits for its turn behind a batch of writes (a click's look at its request, the freeze
 * check at Approve, a submission's look at what it submits). At most {@code size} are open, each
 * opened when first needed and kept; a read that finds them all busy waits for one. Each read runs
 * in a transaction of its own, so what one piece of work reads is one snapshot.
 */
final class SqliteReaders implements AutoCloseable {

    private final SQLiteDataSource source;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** {@code jdbcUrl} is the writer's URL; its settings (journal mode and the like) are the writer's business. */
    SqliteReaders(String jdbcUrl, int size) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5_000);
        this.source = new SQLiteDataSource(config);
        int query = jdbcUrl.indexOf('?');
        this.source.setUrl(query < 0 ? jdbcUrl : jdbcUrl.substring(0, query));
        this.permits = new Semaphore(size, true);
    }

    <T> T read(Database.Work<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while waiting for a reading connection", e));
        }
        try {
            Connection c = idle.poll();
            if (c == null) {
                c = open();
            }
            boolean healthy = false;
            try {
                T result = work.run(c);
                c.rollback();
                healthy = true;
                return result;
            } catch (SQLException e) {
                healthy = endQuietly(c);
                throw new StoreException(e);
            } catch (RuntimeException e) {
                healthy = endQuietly(c);
                throw e;
            } finally {
                giveBack(c, healthy);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        } finally {
            permits.release();
        }
    }

    private Connection open() throws SQLException {
        Connection c = source.getConnection();
        // Opened for writing as far as SQLite's files go (a read-only open of a WAL database depends on
        // its -shm file), but refusing every write: only the pool's connection writes.
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA query_only = 1");
        }
        // Not auto-commit: each read is one transaction (SQLite takes its snapshot at the first read).
        c.setAutoCommit(false);
        return c;
    }

    /** Ends the transaction of a read that failed; false if the connection is no longer usable. */
    private static boolean endQuietly(Connection c) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void giveBack(Connection c, boolean healthy) throws SQLException {
        if (healthy && !closed) {
            idle.add(c);
        } else {
            c.close();
        }
    }

    /** Connections open and idle now (for tests). */
    int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing at shutdown: nothing to do about it.
            }
        }
    }
}
