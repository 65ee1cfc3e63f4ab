package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

/**
 * Writes that arrive together share one transaction, so a burst of new requests costs one COMMIT
 * (one fsync, one turn at SQLite's single connection) instead of one each, and the outbox worker
 * gets the connection between batches instead of after every command.
 *
 * <p>
 * Each caller queues its work; whoever finds the leader's place free takes it and runs everything
 * queued so far in one transaction, each piece inside a savepoint (a piece that fails is rolled back
 * alone and its caller gets the error), commits, and hands every caller its own result, waking it. A
 * caller whose work was committed by a leader returns as soon as it is woken. Nobody returns before its work
 * is committed, and flushed if it asked for that ({@link Durability}): durability is the same as one
 * transaction per write. If the COMMIT fails, every piece of the batch fails with it.
 *
 * <p>
 * Work that only inserts rows ({@link #insert}) is written down as its rows, and the rows of all such
 * work in a batch go first, together: one JDBC batch per statement inside one savepoint. Should that
 * fail (a request code already taken, say), the savepoint is rolled back and each piece runs on its
 * own in its own savepoint as above, so the one that failed is found and fails alone.
 */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** Runs one transaction on one connection, committed as durably as asked. */
    interface Transactions {
        <T> T run(Database.Work<T> work, Durability durability);
    }

    private final Transactions db;
    private final int maxBatch;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Piece<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong insertedTogether = new AtomicLong();
    private final AtomicLong insertedApart = new AtomicLong();

    GroupCommit(Transactions db, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.db = db;
        this.maxBatch = maxBatch;
    }

    /**
     * Runs {@code work} in a transaction shared with whatever other work is waiting, and returns once it
     * is committed and flushed.
     */
    <T> T run(Database.Work<T> work) {
        return run(new Piece<>(work, null, Durability.FLUSHED));
    }

    /**
     * Inserts {@code rows} in a transaction shared with whatever other work is waiting, and returns once they are
     * committed as durably as asked. The transaction is flushed if any of its work asks for it (which also
     * flushes everything committed before it).
     */
    void insert(Inserts rows, Durability durability) {
        run(new Piece<Void>(c -> {
            rows.insertEach(c);
            return null;
        }, rows, durability));
    }

    /**
     * Queues the piece and waits until it is committed. Whoever finds the leader's place free takes it
     * and commits batches until its own piece is done; then it wakes the writer of the oldest piece
     * still queued, which takes over (or finds its piece already done). The leader wakes each writer
     * of a batch itself once the batch is committed, so writers whose work is done return at once
     * instead of taking the lock one after another to find that out: on two busy cores that queue of
     * hand-overs had kept the lock idle for about half of the time while writers waited
     * (docs/performance.md, item 22).
     */
    private <T> T run(Piece<T> piece) {
        queue.add(piece);
        boolean interrupted = false;
        while (!piece.done) {
            if (leader.tryLock()) {
                try {
                    while (!piece.done) {
                        commitBatch();
                    }
                } finally {
                    leader.unlock();
                }
                // Queued before the unlock (its writer saw the place taken and waits): it needs a leader.
                Piece<?> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner);
                }
            } else {
                LockSupport.park(this);
                // Like a lock, the wait is not interruptible: the work is in a batch and must be seen through.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return piece.outcome();
    }

    /** Work queued and not yet taken by a leader. */
    int waiting() {
        return queue.size();
    }

    /** Transactions begun so far (each holding one or more pieces of work). */
    long transactions() {
        return transactions.get();
    }

    /** Pieces of inserts whose rows went to the database together with others' ({@link Inserts#insertTogether}). */
    long insertedTogether() {
        return insertedTogether.get();
    }

    /** Pieces of inserts that were run on their own after their batch failed, to find the one that failed. */
    long insertedApart() {
        return insertedApart.get();
    }

    private void commitBatch() {
        List<Piece<?>> batch = new ArrayList<>();
        while (batch.size() < maxBatch) {
            Piece<?> p = queue.poll();
            if (p == null) {
                break;
            }
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        transactions.incrementAndGet();
        Durability durability = Durability.FLUSH_LATER;
        for (Piece<?> p : batch) {
            durability = durability.and(p.durability);
        }
        try {
            db.run(c -> {
                boolean shared = batch.size() > 1;
                for (Piece<?> p : shared ? insertTogether(c, batch) : batch) {
                    p.runIn(c, shared);
                }
                return null;
            }, durability);
        } catch (RuntimeException e) {
            // The COMMIT (or the connection) failed: nothing of this batch is stored.
            LOG.debugf("a batch of %d writes failed as a whole: %s", batch.size(), e.getClass().getSimpleName());
            for (Piece<?> p : batch) {
                p.failed(e);
            }
        }
        Thread self = Thread.currentThread();
        for (Piece<?> p : batch) {
            p.done = true;
            if (p.owner != self) {
                LockSupport.unpark(p.owner);
            }
        }
    }

    /**
     * Runs the rows of the batch's insert-only pieces together, in a savepoint; returns the pieces
     * still to run: the others, or all of them when the rows together failed.
     */
    private List<Piece<?>> insertTogether(Connection c, List<Piece<?>> batch) throws SQLException {
        List<Piece<?>> rows = new ArrayList<>();
        List<Piece<?>> rest = new ArrayList<>();
        for (Piece<?> p : batch) {
            (p.rows == null ? rest : rows).add(p);
        }
        if (rows.size() < 2) {
            return batch;
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            Inserts.insertTogether(c, rows.stream().map(p -> p.rows).toList());
            c.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException e) {
            c.rollback(savepoint);
            LOG.debugf("%d inserts together failed (%s); each runs on its own", rows.size(), e.getClass().getSimpleName());
            insertedApart.addAndGet(rows.size());
            return batch;
        }
        insertedTogether.addAndGet(rows.size());
        return rest;
    }

    private static final class Piece<T> {

        final Database.Work<T> work;
        /** The rows of work that only inserts (null for other work). */
        final Inserts rows;
        final Durability durability;
        /** The writer waiting for this piece. */
        final Thread owner = Thread.currentThread();
        // Value and error are written by the leader before done; the owner reads done first.
        volatile boolean done;
        T value;
        RuntimeException error;

        Piece(Database.Work<T> work, Inserts rows, Durability durability) {
            this.work = work;
            this.rows = rows;
            this.durability = durability;
        }

        void runIn(Connection c, boolean shared) throws SQLException {
            if (!shared) {
                // Alone in its transaction: a failure rolls the transaction back, as without grouping.
                value = work.run(c);
                return;
            }
            Savepoint savepoint = c.setSavepoint();
            try {
                value = work.run(c);
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                c.rollback(savepoint);
                error = new StoreException(e);
            } catch (RuntimeException e) {
                c.rollback(savepoint);
                error = e;
            }
        }

        void failed(RuntimeException e) {
            if (error == null) {
                error = e;
            }
            value = null;
        }

        T outcome() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }
}
