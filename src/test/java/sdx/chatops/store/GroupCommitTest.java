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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
    private List<Future<Void>> burstBehindALeader(int followers, java.util.function.IntFunction<Database.Work<Void>> work)
            throws Exception {
        CountDownLatch leaderInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Void>> futures = new ArrayList<>();
        futures.add(pool.submit(() -> group.run(c -> {
            leaderInside.countDown();
            try {
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return insert(c, run + "-leader", null);
        })));
        assertThat(leaderInside.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < followers; i++) {
            int n = i;
            futures.add(pool.submit(() -> group.run(work.apply(n))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> group.waiting() == followers);
        release.countDown();
        return futures;
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

        for (int i = 0; i < futures.size(); i++) {
            if (i == 3) {
                int index = i;
                assertThatThrownBy(() -> futures.get(index).get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreException.class)
                        .satisfies(
                                e -> assertThat(Database.isUniqueViolation((SQLException) e.getCause().getCause())).isTrue());
            } else {
                futures.get(i).get(10, TimeUnit.SECONDS);
            }
        }
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
}
