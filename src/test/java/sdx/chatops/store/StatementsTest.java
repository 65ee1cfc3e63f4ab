package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;

/** Statements kept and lent again on a real SQLite connection (a file in a temporary folder). */
class StatementsTest {

    private static final String INSERT = "INSERT INTO t (k, v) VALUES (?, ?)";
    private static final String SELECT = "SELECT v FROM t WHERE k = ?";

    @TempDir
    Path dir;

    private Connection c;

    @BeforeEach
    void open() throws Exception {
        c = connect();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private Connection connect() throws SQLException {
        Connection connection = new JDBC().connect("jdbc:sqlite:" + dir.resolve("s.db") + "?journal_mode=WAL",
                new Properties());
        try (var s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT)");
        }
        return connection;
    }

    private void insert(String k, String v) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, INSERT)) {
            lease.statement().setString(1, k);
            lease.statement().setString(2, v);
            lease.statement().executeUpdate();
        }
    }

    private String value(String k) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, SELECT)) {
            lease.statement().setString(1, k);
            try (ResultSet rs = lease.statement().executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private PreparedStatement lent(String sql) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            return lease.statement();
        }
    }

    @Test
    void aStatementAskedForAgainIsTheSameOneWithItsParametersCleared() throws SQLException {
        insert("a", "1");
        PreparedStatement first = lent(SELECT);
        assertThat(value("a")).isEqualTo("1");
        assertThat(lent(SELECT)).as("kept, not prepared again").isSameAs(first);
        assertThat(first.isClosed()).isFalse();
        assertThat(value("missing")).isNull();
        assertThat(value("a")).isEqualTo("1");

        try (Statements.Lease lease = Statements.prepare(c, INSERT)) {
            lease.statement().setString(1, "b");
            // v is not set: the last lease's "1" was cleared, so it is NULL, not a stale value
            lease.statement().executeUpdate();
        }
        assertThat(value("b")).isNull();
        assertThat(Statements.keptFor(c)).isEqualTo(2);
    }

    @Test
    void aStatementWhoseUpdateFailedWorksForTheNextCaller() throws SQLException {
        insert("a", "1");
        assertThatThrownBy(() -> insert("a", "2")).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        insert("b", "2");
        assertThat(value("a")).isEqualTo("1");
        assertThat(value("b")).isEqualTo("2");
    }

    @Test
    void aStatementAskedForWhileLentIsAFreshOneClosedAfterUse() throws SQLException {
        insert("a", "1");
        insert("b", "2");
        List<String> seen = new ArrayList<>();
        PreparedStatement inner;
        try (Statements.Lease outer = Statements.prepare(c, "SELECT k FROM t ORDER BY k")) {
            try (ResultSet rs = outer.statement().executeQuery()) {
                // the same SQL again while its rows are being read
                try (Statements.Lease again = Statements.prepare(c, "SELECT k FROM t ORDER BY k")) {
                    inner = again.statement();
                    assertThat(inner).isNotSameAs(outer.statement());
                    try (ResultSet all = inner.executeQuery()) {
                        while (all.next()) {
                            seen.add("inner " + all.getString(1));
                        }
                    }
                }
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
        }
        assertThat(seen).containsExactly("inner a", "inner b", "a", "b");
        assertThat(inner.isClosed()).as("the extra statement is not kept").isTrue();
    }

    @Test
    void atMostKeptStatementsStayAndTheLeastRecentlyUsedIsClosedFirst() throws SQLException {
        PreparedStatement oldest = lent("SELECT 0");
        PreparedStatement used = lent("SELECT 1");
        for (int i = 2; i < Statements.KEPT; i++) {
            lent("SELECT " + i);
        }
        assertThat(lent("SELECT 1")).isSameAs(used);
        assertThat(Statements.keptFor(c)).isEqualTo(Statements.KEPT);

        lent("SELECT " + Statements.KEPT);

        assertThat(Statements.keptFor(c)).isEqualTo(Statements.KEPT);
        assertThat(oldest.isClosed()).as("least recently used").isTrue();
        assertThat(used.isClosed()).isFalse();
        PreparedStatement again = lent("SELECT 0");
        assertThat(again).isNotSameAs(oldest);
        try (ResultSet rs = again.executeQuery()) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void sqlBuiltPerCallIsPreparedOnceAndClosedWithoutPushingOutKeptStatements() throws SQLException {
        insert("a", "1");
        PreparedStatement hot = lent(INSERT);
        List<PreparedStatement> once = new ArrayList<>();
        for (int n = 1; n <= 2 * Statements.KEPT; n++) {
            String marks = String.join(", ", Collections.nCopies(n, "?"));
            try (Statements.Lease lease = Statements.prepareOnce(c, "SELECT v FROM t WHERE k IN (" + marks + ")")) {
                for (int i = 1; i <= n; i++) {
                    lease.statement().setString(i, "a");
                }
                try (ResultSet rs = lease.statement().executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
                once.add(lease.statement());
            }
        }
        assertThat(once).allMatch(statement -> {
            try {
                return statement.isClosed();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(Statements.keptFor(c)).isEqualTo(1);
        assertThat(lent(INSERT)).as("still kept").isSameAs(hot);
    }

    @Test
    void aClosedConnectionsStatementsAreDroppedWhenAnotherConnectionAsks() throws Exception {
        insert("a", "1");
        assertThat(Statements.keptFor(c)).isEqualTo(1);
        Connection closed = c;
        closed.close();
        c = connect();

        assertThat(value("a")).isEqualTo("1");

        assertThat(Statements.keptFor(closed)).isZero();
        assertThat(Statements.keptFor(c)).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("s.db"))).isTrue();
    }
}
