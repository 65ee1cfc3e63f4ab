package sdx.chatops.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;

/**
 * What a test of a store outage reports when the bot does not recover in time: where the bot's
 * threads that use the store are, and what PostgreSQL and the outbox say. It goes into the failure's
 * message (one line, the part of a CI log that is kept), and the whole thread dump to stderr.
 */
public final class OutageDiagnosis {

    private static final int FRAMES = 3;

    private OutageDiagnosis() {
    }

    /** Runs {@code step}; a wait in it that times out fails with the diagnosis added. */
    public static <T> T explained(Supplier<T> step) {
        return explained(step, "");
    }

    /** The same, with what the test saw before the wait (a command's answer, say) in the message. */
    public static <T> T explained(Supplier<T> step, String context) {
        try {
            return step.get();
        } catch (ConditionTimeoutException e) {
            String diagnosis = (context.isEmpty() ? "" : context + " | ") + describe();
            System.err.println("OutageDiagnosis: " + diagnosis);
            dumpThreads();
            throw new AssertionError(e.getMessage() + " | " + diagnosis, e);
        }
    }

    /** The bot's store-facing threads (name, state, innermost frames of interest) and the database's view. */
    static String describe() {
        // Threads of a pool alike in state and frames are counted together: "sdx-slack-delivery-N WAITING []=64".
        Map<String, Integer> threads = new TreeMap<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            String frames = frames(e.getValue());
            // Quarkus's worker threads run the sweep and the endpoints: only those busy in the bot count.
            boolean busyWorker = name.startsWith("executor-thread") && !"[]".equals(frames);
            if (name.startsWith("sdx-") || name.startsWith("agroal-") || busyWorker) {
                threads.merge(name.replaceAll("-\\d+$", "-N") + " " + e.getKey().getState() + " " + frames, 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder("threads ").append(threads).append(" | database: ");
        out.append(database());
        return out.toString().replace('\n', ' ');
    }

    private static String frames(StackTraceElement[] stack) {
        return Arrays.stream(stack)
                .filter(f -> f.getClassName().startsWith("sdx.") || f.getClassName().startsWith("org.postgresql")
                        || f.getClassName().startsWith("io.agroal"))
                .limit(FRAMES).map(f -> simple(f.getClassName()) + "." + f.getMethodName() + ":" + f.getLineNumber())
                .toList().toString();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String database() {
        if (PrivatePostgres.url() == null) {
            return "no private server";
        }
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USER);
        props.setProperty("password", "");
        props.setProperty("loginTimeout", "3");
        props.setProperty("socketTimeout", "5");
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(PrivatePostgres.url(), props); Statement s = c.createStatement()) {
            return "sessions " + rows(s, "SELECT coalesce(state, '-') || '/' || coalesce(wait_event_type, '-') || ':'"
                    + " || coalesce(wait_event, '-'), count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1")
                    + ", open outbox entries (count, claimed now, oldest due in ms, max attempts) "
                    + rows(s, "SELECT count(*), count(*) FILTER (WHERE claimed_until > " + now + "), min(next_attempt_at) - "
                            + now + ", max(attempts) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL")
                    + ", requests by state " + rows(s, "SELECT state, count(*) FROM change_request GROUP BY 1 ORDER BY 1");
        } catch (SQLException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    private static String rows(Statement s, String sql) throws SQLException {
        StringBuilder out = new StringBuilder("[");
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                out.append(out.length() > 1 ? "; " : "");
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? " " : "").append(rs.getString(i));
                }
            }
        }
        return out.append(']').toString();
    }

    private static void dumpThreads() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StringBuilder b = new StringBuilder("\"" + e.getKey().getName() + "\" " + e.getKey().getState() + "\n");
            for (StackTraceElement f : e.getValue()) {
                b.append("    at ").append(f).append('\n');
            }
            System.err.print(b);
        }
    }
}
