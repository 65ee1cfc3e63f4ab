package sdx.chatops.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A look into a packaged bot's embedded store ({@code SDX_DATA_DIR}) from the test: how many Slack
 * calls it still owes. Killing the bot only once it owes none keeps a test about restarts apart
 * from the (separately tested) kill in the middle of a Slack call.
 */
public final class SqliteOutbox {

    private SqliteOutbox() {
    }

    public static int open(Path dataDir) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("sdx-chatops.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox in " + dataDir, e);
        }
    }

    /** Waits until every Slack call the bot owes has been made and recorded. */
    public static void awaitDrained(Path dataDir) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> open(dataDir) == 0);
    }
}
