package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Reads on the bot's SQLite store run on connections of their own: they do not wait for the single
 * writing connection, see only what is committed, and cannot write.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class ReadsBesideWritesTest {

    @Inject
    Database db;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private String run;

    @BeforeEach
    void table() {
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS rbw_row (id TEXT PRIMARY KEY, run TEXT NOT NULL)");
            }
            return null;
        });
        run = UUID.randomUUID().toString();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private int rows() {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM rbw_row WHERE run = ?")) {
                s.setString(1, run);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void aReadDoesNotWaitForAWriteInProgressAndSeesOnlyWhatIsCommitted() throws Exception {
        assertThat(db.vendor()).isEqualTo(Database.SQLITE);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Void> writer = pool.submit(() -> db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rbw_row (id, run) VALUES (?, ?)")) {
                s.setString(1, run + "-1");
                s.setString(2, run);
                s.executeUpdate();
            }
            written.countDown();
            try {
                // Holds the only writing connection, inside its transaction, until the read is done.
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

        Future<Integer> read = pool.submit(this::rows);
        assertThat(read.get(5, TimeUnit.SECONDS)).as("answered while the write holds the connection; its row is not committed")
                .isZero();
        assertThat(writer.isDone()).isFalse();

        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(rows()).as("committed: the next read sees it").isEqualTo(1);
    }

    @Test
    void aReadingConnectionRefusesToWrite() {
        assertThatThrownBy(() -> db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO rbw_row (id, run) VALUES (?, ?)")) {
                s.setString(1, run + "-sneaked");
                s.setString(2, run);
                return s.executeUpdate();
            }
        })).isInstanceOf(StoreException.class);

        assertThat(rows()).isZero();
        assertThat(rows()).as("the connection is still good for reading").isZero();
    }
}
