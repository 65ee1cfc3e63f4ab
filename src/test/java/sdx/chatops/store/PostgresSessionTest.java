package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.configuration.supplier.AgroalConnectionFactoryConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalConnectionPoolConfigurationSupplier;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.FreezableProxy;
import sdx.chatops.testing.OnPostgres;

/** How the bot's sessions on PostgreSQL are set up. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class PostgresSessionTest {

    @Inject
    Database db;

    @Inject
    @io.quarkus.agroal.DataSource(Database.POSTGRESQL)
    AgroalDataSource dataSource;

    /** An answer that never comes (a half-open connection after a failover) ends the connection. */
    @Test
    void everySessionGivesUpOnAnAnswerThatTakesLongerThanAMinute() throws Exception {
        assertThat(db.inTransaction(Connection::getNetworkTimeout)).isEqualTo(60_000);
    }

    /**
     * A server that takes the connection, answers the driver's SSL question and then never says
     * another word (a hung server or proxy): without a login timeout the pool's one thread that opens
     * connections would wait for ever, and every caller after it.
     */
    @Test
    void aServerThatNeverFinishesTheLoginIsGivenUpOn() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> answerSslThenSayNothing(silent, accepted), "silent-postgres");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/sdx";
            Future<Throwable> attempt = caller.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, botProperties())) {
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Throwable refused = attempt.get(30, TimeUnit.SECONDS);
            assertThat(refused).as("the login fails instead of waiting").isInstanceOf(SQLException.class);
            assertThat(accepted).as("the server took the connection").isNotEmpty();
        } finally {
            caller.shutdownNow();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /**
     * The server stops answering while a connection is in the pool, and answers again on new
     * connections (a failover that leaves the old ones half-open): a caller is told within seconds
     * that no connection can be had, instead of waiting for ever on the pooled one, and once the
     * server answers the pool hands out working connections again, because its one thread that opens
     * and checks connections was not left waiting on a dead one.
     */
    @Test
    void aPoolWhoseServerStopsAnsweringFailsFastAndRecoversOnceItAnswersAgain() throws Exception {
        URI target = URI.create(factory().jdbcUrl().substring("jdbc:".length()));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (FreezableProxy proxy = new FreezableProxy(target.getPort());
                AgroalDataSource pool = AgroalDataSource.from(botPoolThrough(proxy, target))) {
            assertThat(selectOne(pool)).isTrue();
            proxy.freeze();
            Future<Boolean> attempt = caller.submit(() -> selectOne(pool));
            assertThat(attempt.get(40, TimeUnit.SECONDS)).as("refused, not left waiting").isFalse();
            proxy.thaw();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> selectOne(pool));
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void parametersOfTheDatabaseUrlTakePrecedence() throws Exception {
        String url = factory().jdbcUrl();
        String withOwn = url + (url.contains("?") ? "&" : "?") + "socketTimeout=7";
        try (Connection c = DriverManager.getConnection(withOwn, botProperties())) {
            assertThat(c.getNetworkTimeout()).isEqualTo(7_000);
        }
    }

    /** A pool configured as the bot's, to the same database through {@code proxy}. */
    private AgroalDataSourceConfigurationSupplier botPoolThrough(FreezableProxy proxy, URI target) {
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        AgroalConnectionPoolConfigurationSupplier poolConfig = new AgroalConnectionPoolConfigurationSupplier(
                dataSource.getConfiguration().connectionPoolConfiguration())
                        .connectionFactoryConfiguration(
                                new AgroalConnectionFactoryConfigurationSupplier(factory()).jdbcUrl(url));
        return new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(poolConfig);
    }

    /** Whether a connection of {@code pool} answers a query. */
    private static boolean selectOne(AgroalDataSource pool) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    private AgroalConnectionFactoryConfiguration factory() {
        return dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration();
    }

    /** What the bot's pool gives the driver: its JDBC properties, and the test server's user. */
    private Properties botProperties() {
        Properties props = new Properties();
        props.putAll(factory().jdbcProperties());
        props.setProperty("user", factory().principal().getName());
        props.setProperty("password", "");
        return props;
    }

    /** Reads the SSLRequest (8 bytes), answers "no SSL" as PostgreSQL does, then reads and answers nothing. */
    private static void answerSslThenSayNothing(ServerSocket server, List<Socket> accepted) {
        try {
            while (true) {
                Socket s = server.accept();
                accepted.add(s);
                new DataInputStream(s.getInputStream()).readFully(new byte[8]);
                s.getOutputStream().write('N');
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

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
