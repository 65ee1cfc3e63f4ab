package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;

/**
 * Through the bot's pool: on SQLite a statement is kept across transactions (the pool's wrapper of
 * the connection is a new one each time); on PostgreSQL ({@link StatementsOnPostgresTest}) each
 * statement is closed after use and pgjdbc caches on its own.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class StatementsOnTheBotsStoreTest {

    @Inject
    Database db;

    private record Used(PreparedStatement statement, long count) {
    }

    private Used count() {
        return db.inTransaction(c -> {
            try (Statements.Lease lease = Statements.prepare(c, "SELECT COUNT(*) FROM change_request WHERE state = ?")) {
                lease.statement().setString(1, "PENDING");
                try (ResultSet rs = lease.statement().executeQuery()) {
                    rs.next();
                    return new Used(lease.statement(), rs.getLong(1));
                }
            }
        });
    }

    boolean keeps() {
        return Database.SQLITE.equals(db.vendor());
    }

    @Test
    void aStatementIsKeptAcrossTransactionsOnlyOnSqlite() throws Exception {
        Used first = count();
        Used second = count();
        assertThat(second.count()).isGreaterThanOrEqualTo(0);
        if (keeps()) {
            assertThat(second.statement()).as("kept").isSameAs(first.statement());
            assertThat(first.statement().isClosed()).isFalse();
        } else {
            assertThat(second.statement()).isNotSameAs(first.statement());
            assertThat(first.statement().isClosed()).as("closed after use").isTrue();
            assertThat(second.statement().isClosed()).isTrue();
        }
    }
}
