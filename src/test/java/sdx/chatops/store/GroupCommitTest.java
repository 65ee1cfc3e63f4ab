package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;

/**
 * Writes that arrive together share one transaction, against the bot's real store (SQLite here), in
 * tables of this test's own: each caller gets its own result or its own error, and a failed COMMIT
 * fails every write of its batch.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class GroupCommitTest {

    @Inject
    Database db;

    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private GroupCommit group;
    private String run;

    @BeforeEach
    void tables() {
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS gc_parent (id TEXT PRIMARY KEY)");
                s.execute("CREATE TABLE IF NOT EXISTS gc_row (id TEXT PRIMARY KEY, run TEXT NOT NULL, parent TEXT"
                        + " REFERENCES gc_parent(id) DEFERRABLE INITIALLY DEFERRED)");
            }
            return null;
        });
        group = new GroupCommit(db::transaction, 64);
        run = UUID.randomUUID().toString();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Void insert(java.sql.Connection c, String id, String parent) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO gc_row (id, run, parent) VALUES (?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, run);
            s.setString(3, parent);
            s.executeUpdate();
        }
        return null;
    }

    private List<String> stored() {
        return db.inTransaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM gc_row WHERE run = ? ORDER BY id")) {
                s.setString(1, run);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** The first write holds its transaction until the others have queued behind it; they then share one. */
    private List<Future<Void>> burstBehindALeader(int followers, IntFunction<Database.Work<Void>> work) throws Exception {
        return behindALeader(followers, n -> () -> group.run(work.apply(n)));
    }

    /** The same with writers that only insert rows. */
    private List<Future<Void>> insertsBehindALeader(int followers, IntFunction<Inserts> rows) throws Exception {
        return insertsBehindALeader(followers, Durability.FLUSHED, rows);
    }

    private List<Future<Void>> insertsBehindALeader(int followers, Durability durability, IntFunction<Inserts> rows)
            throws Exception {
        return behindALeader(followers, n -> () -> {
            group.insert(rows.apply(n), durability);
            return null;
        });
    }

    /**
     * A writer whose transaction holds the leader's place (its row is "-leader") until {@code release}; returns once inside.
     */
    private Future<Void> leaderHeldUntil(CountDownLatch release) throws InterruptedException {
        CountDownLatch leaderInside = new CountDownLatch(1);
        Future<Void> leader = pool.submit(() -> group.run(c -> {
            leaderInside.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return insert(c, run + "-leader", null);
        }));
        assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
        return leader;
    }

    private List<Future<Void>> behindALeader(int followers, IntFunction<Callable<Void>> follower) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        futures.add(leaderHeldUntil(release));
        for (int i = 0; i < followers; i++) {
            int n = i;
            futures.add(pool.submit(follower.apply(n)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> group.waiting() == followers);
        release.countDown();
        return futures;
    }

    /** Every caller's write succeeded but the one at {@code refused}, which was refused for a key already taken. */
    private static void onlyThisOneRefusedAsATakenKey(List<Future<Void>> futures, int refused) throws Exception {
        for (int i = 0; i < futures.size(); i++) {
            if (i == refused) {
                int index = i;
                assertThatThrownBy(() -> futures.get(index).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreException.class)
                        .satisfies(
                                e -> assertThat(Database.isUniqueViolation((SQLException) e.getCause().getCause())).isTrue());
            } else {
                futures.get(i).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void writesArrivingTogetherAreCommittedInOneTransaction() throws Exception {
        List<Future<Void>> futures = burstBehindALeader(31, n -> c -> insert(c, run + "-" + String.format("%02d", n), null));
        for (Future<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(stored()).hasSize(32).contains(run + "-leader", run + "-00", run + "-30");
        assertThat(group.transactions()).as("the leader's own, then one for the 31 queued behind it").isEqualTo(2);
    }

    @Test
    void aFailingWriteIsRolledBackAloneAndOnlyItsCallerSeesTheError() throws Exception {
        List<Future<Void>> futures = burstBehindALeader(5, n -> c -> {
            insert(c, run + "-" + n, null);
            if (n == 2) {
                // A second row, then a duplicate key: both of this caller's rows go, nobody else's. The
                // duplicate is the leader's row, committed before the batch began: the followers run in
                // the order their threads reached the queue, so a follower's row may not be there yet.
                insert(c, run + "-2b", null);
                insert(c, run + "-leader", null);
            }
            return null;
        });

        onlyThisOneRefusedAsATakenKey(futures, 3);
        assertThat(stored()).containsExactly(run + "-0", run + "-1", run + "-3", run + "-4", run + "-leader");
        assertThat(group.transactions()).isEqualTo(2);
    }

    @Test
    void aCommitThatFailsFailsEveryWriteOfItsBatchAndStoresNoneOfThem() throws Exception {
        // A row whose parent does not exist passes its statement (the key is checked at COMMIT) and fails the commit.
        List<Future<Void>> futures = burstBehindALeader(4,
                n -> c -> insert(c, run + "-" + n, n == 1 ? "no-such-parent-" + run : null));

        futures.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Void> f : futures.subList(1, futures.size())) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
        }
        assertThat(stored()).containsExactly(run + "-leader");
        // The store works on afterwards.
        group.run(c -> insert(c, run + "-after", null));
        assertThat(stored()).containsExactly(run + "-after", run + "-leader");
    }

    @Test
    void aWriteAloneBehavesAsItsOwnTransaction() {
        group.run(c -> insert(c, run + "-alone", null));
        assertThatThrownBy(() -> group.run(c -> insert(c, run + "-alone", null))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> group.run(c -> {
            insert(c, run + "-rolled-back", null);
            throw new IllegalStateException("the caller's own failure");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the caller's own failure");

        assertThat(stored()).containsExactly(run + "-alone");
        assertThat(group.transactions()).isEqualTo(3);
    }

    private Inserts.Row row(String id) {
        return new Inserts.Row("INSERT INTO gc_row (id, run, parent) VALUES (?, ?, ?)", new Object[] { id, run, null });
    }

    private Inserts.Row parent(String id) {
        return new Inserts.Row("INSERT INTO gc_parent (id) VALUES (?)", new Object[] { id });
    }

    @Test
    void insertsArrivingTogetherGoToTheDatabaseTogetherInOneTransaction() throws Exception {
        List<Future<Void>> futures = insertsBehindALeader(31,
                n -> new Inserts().add(row(run + "-" + String.format("%02d", n))).add(row(run + "-" + n + "b")));
        for (Future<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(stored()).hasSize(63).contains(run + "-leader", run + "-00", run + "-30", run + "-0b", run + "-30b");
        assertThat(group.transactions()).isEqualTo(2);
        assertThat(group.insertedTogether()).as("the 31 writers' rows went as batches").isEqualTo(31);
        assertThat(group.insertedApart()).isZero();
    }

    @Test
    void anInsertRefusedInABatchFailsOnlyItsOwnWriterAndTheOthersAreStored() throws Exception {
        List<Future<Void>> futures = insertsBehindALeader(6, n -> {
            Inserts rows = new Inserts().add(row(run + "-" + n));
            // The clash is with the leader's row, committed before the batch began.
            return n == 3 ? rows.add(row(run + "-leader")) : rows;
        });

        onlyThisOneRefusedAsATakenKey(futures, 4);
        assertThat(stored()).as("nothing of the refused writer, everything of the others").containsExactly(run + "-0",
                run + "-1", run + "-2", run + "-4", run + "-5", run + "-leader");
        assertThat(group.transactions()).isEqualTo(2);
        assertThat(group.insertedTogether()).isZero();
        assertThat(group.insertedApart()).as("run apart once together failed").isEqualTo(6);
    }

    @Test
    void insertsAndOtherWorkInOneBatchEachKeepTheirOwnOutcome() throws Exception {
        List<Future<Void>> futures = behindALeader(5, n -> switch (n) {
            // Work that fails, and work that does not, queued with three writers of inserts.
            case 0 -> () -> group.run(c -> {
                insert(c, run + "-work", null);
                throw new IllegalStateException("this work's own failure");
            });
            case 1 -> () -> group.run(c -> insert(c, run + "-other-work", null));
            default -> () -> {
                // A parent and the row that refers to it, in that order: the parents' batch goes first.
                String id = run + "-p" + n;
                group.insert(new Inserts().add(parent(id))
                        .add(new Inserts.Row("INSERT INTO gc_row (id, run, parent) VALUES (?, ?, ?)",
                                new Object[] { id, run, id })),
                        Durability.FLUSHED);
                return null;
            };
        });

        for (int i = 0; i < futures.size(); i++) {
            if (i == 1) {
                int index = i;
                assertThatThrownBy(() -> futures.get(index).get(10, TimeUnit.SECONDS))
                        .hasRootCauseMessage("this work's own failure");
            } else {
                futures.get(i).get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(stored()).containsExactly(run + "-leader", run + "-other-work", run + "-p2", run + "-p3", run + "-p4");
        assertThat(group.insertedTogether()).isEqualTo(3);
        assertThat(group.transactions()).isEqualTo(2);
    }

    /** A group commit over the real store that notes how durably each of its transactions was committed. */
    private GroupCommit noting(List<Durability> commits) {
        return new GroupCommit(new GroupCommit.Transactions() {
            @Override
            public <T> T run(Database.Work<T> work, Durability durability) {
                commits.add(durability);
                return db.transaction(work, durability);
            }
        }, 64);
    }

    @Test
    void aBatchOfInsertsThatMayBeFlushedLaterIsCommittedWithoutWaitingForTheDisk() throws Exception {
        List<Durability> commits = new CopyOnWriteArrayList<>();
        group = noting(commits);
        List<Future<Void>> futures = insertsBehindALeader(3, Durability.FLUSH_LATER,
                n -> new Inserts().add(row(run + "-" + n)));
        for (Future<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(stored()).containsExactly(run + "-0", run + "-1", run + "-2", run + "-leader");
        assertThat(commits).as("the leader's work, then the three inserts together").containsExactly(Durability.FLUSHED,
                Durability.FLUSH_LATER);
    }

    @Test
    void aBatchIsFlushedWhenAnyOfItsWorkAsksForIt() throws Exception {
        List<Durability> commits = new CopyOnWriteArrayList<>();
        group = noting(commits);
        List<Future<Void>> futures = behindALeader(3, n -> n == 1 ? () -> group.run(c -> insert(c, run + "-work", null))
                : () -> {
                    group.insert(new Inserts().add(row(run + "-" + n)), Durability.FLUSH_LATER);
                    return null;
                });
        for (Future<Void> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(stored()).containsExactly(run + "-0", run + "-2", run + "-leader", run + "-work");
        assertThat(commits).containsExactly(Durability.FLUSHED, Durability.FLUSHED);
    }

    @Test
    void aTransactionThatMayBeFlushedLaterLeavesTheNextOneFlushed() {
        boolean sqlite = Database.SQLITE.equals(db.vendor());
        // SQLite: synchronous NORMAL (1) for that transaction, FULL (2) otherwise; PostgreSQL: synchronous_commit.
        assertThat(db.transaction(this::commitSetting, Durability.FLUSH_LATER)).isEqualTo(sqlite ? "1" : "off");
        assertThat(db.transaction(this::commitSetting)).isEqualTo(sqlite ? "2" : "on");
        assertThat(db.inTransaction(this::commitSetting)).isEqualTo(sqlite ? "2" : "on");
        // Also after one that failed.
        assertThatThrownBy(() -> db.transaction(c -> {
            insert(c, run + "-failed", null);
            throw new IllegalStateException("this work's own failure");
        }, Durability.FLUSH_LATER)).hasMessage("this work's own failure");
        assertThat(db.transaction(this::commitSetting)).isEqualTo(sqlite ? "2" : "on");
        assertThat(stored()).isEmpty();
    }

    @Test
    void everyWriterOfALongBurstFromManyThreadsReturnsWithItsWorkCommitted() throws Exception {
        // No writer may be left waiting: a lost wake-up would hang its thread until the timeout.
        int threads = 16;
        int each = 60;
        List<Future<Void>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    String id = run + "-" + thread + "-" + i;
                    if (i % 2 == 0) {
                        group.run(c -> insert(c, id, null));
                    } else {
                        group.insert(new Inserts().add(row(id)), Durability.FLUSH_LATER);
                    }
                }
                return null;
            }));
        }
        for (Future<Void> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(stored()).hasSize(threads * each).contains(run + "-0-0", run + "-15-59");
        assertThat(group.waiting()).isZero();
        assertThat(group.transactions()).as("writes that met in the queue shared a transaction")
                .isLessThan(threads * each);
    }

    @Test
    void anInterruptedWriterStillWaitsForItsWorkAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> leader = leaderHeldUntil(release);
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread follower = new Thread(() -> {
            group.run(c -> insert(c, run + "-follower", null));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        follower.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> group.waiting() == 1);
        follower.interrupt();
        Thread.sleep(100);
        assertThat(follower.isAlive()).as("still waiting for the leader").isTrue();
        release.countDown();
        follower.join(10_000);
        leader.get(10, TimeUnit.SECONDS);

        assertThat(follower.isAlive()).isFalse();
        assertThat(interruptKept).isTrue();
        assertThat(stored()).containsExactly(run + "-follower", run + "-leader");
    }

    @Test
    void newRequestsAreFlushedBeforeTheirAckByDefault() {
        assertThat(db.newRequests()).isEqualTo(Durability.FLUSHED);
    }

    private String commitSetting(java.sql.Connection c) throws SQLException {
        String query = Database.SQLITE.equals(db.vendor()) ? "PRAGMA synchronous" : "SHOW synchronous_commit";
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
