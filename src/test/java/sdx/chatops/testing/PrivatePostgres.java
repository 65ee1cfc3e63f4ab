package sdx.chatops.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A PostgreSQL server of the test's own, which the test may stop and start again (same port, same
 * data) without breaking the other tests, which share {@link PostgresStore}'s server.
 */
public class PrivatePostgres implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer server;
    private static String url;

    public static PostgresServer server() {
        return server;
    }

    /** The JDBC URL of the bot's database on it. */
    public static String url() {
        return url;
    }

    @Override
    public Map<String, String> start() {
        server = PostgresServer.start();
        url = server.createDatabase();
        return Map.of("SDX_DB_URL", url, "SDX_DB_USER", PostgresServer.USER, "SDX_DB_PASSWORD", "");
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                // Already stopped by a test that failed before starting it again.
            }
            server = null;
        }
    }
}
