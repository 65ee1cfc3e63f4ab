package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** How the bot's sessions on PostgreSQL are set up. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class PostgresSessionTest {

    @Inject
    Database db;

    /** Several connections at once, so that more than the first one of the pool is looked at. */
    @Test
    void everySessionHasJustInTimeCompilationOff() throws Exception {
        int sessions = 4;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        CountDownLatch together = new CountDownLatch(sessions);
        try {
            List<Future<String>> settings = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                settings.add(pool.submit(() -> db.inTransaction(c -> {
                    together.countDown();
                    awaitQuietly(together);
                    try (PreparedStatement ps = c.prepareStatement("SHOW jit"); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getString(1) + " on backend " + backend(c);
                    }
                })));
            }
            List<String> seen = new ArrayList<>();
            for (Future<String> setting : settings) {
                seen.add(setting.get(30, TimeUnit.SECONDS));
            }
            assertThat(seen).hasSize(sessions).allSatisfy(s -> assertThat(s).startsWith("off on backend "));
            assertThat(seen).as("distinct sessions").doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each session stays open until all of them are, so each is a connection of its own. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int backend(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
