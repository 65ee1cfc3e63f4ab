package sdx.chatops.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the bot at a fresh database on the shared test PostgreSQL server, through the same
 * variables an operator sets ({@code SDX_DB_URL}, {@code SDX_DB_USER}, {@code SDX_DB_PASSWORD}).
 */
public class PostgresStore implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer server;

    /** The one server for the whole test run; stopped when the JVM exits. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("SDX_DB_URL", server().createDatabase(), "SDX_DB_USER", PostgresServer.USER, "SDX_DB_PASSWORD", "");
    }

    @Override
    public void stop() {
    }
}
