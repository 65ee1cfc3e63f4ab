package sdx.chatops.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged bot as an operator runs it: {@code java -jar target/quarkus-app/quarkus-run.jar}
 * (or the native executable when one was built), configured only through environment variables.
 */
public final class BotProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private BotProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static BotProcess start(Map<String, String> environment) {
        try {
            int port = freePort();
            Path log = Files.createTempFile(Path.of("target"), "bot-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command());
            builder.environment().keySet().removeIf(name -> name.startsWith("SLACK_") || name.startsWith("SDX_"));
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new BotProcess(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until {@code /q/health/ready} says UP. */
    public static BotProcess startReady(Map<String, String> environment) {
        return awaitReady(start(environment));
    }

    /** Waits until a started bot's {@code /q/health/ready} says UP. */
    public static BotProcess awaitReady(BotProcess bot) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!bot.process.isAlive()) {
                throw new AssertionError("the bot exited during start-up:\n" + bot.output());
            }
            return bot.ready();
        });
        return bot;
    }

    public int port() {
        return port;
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits for the process to end by itself and returns its exit code. */
    public int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the bot did not exit:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hooks, nothing flushed; what survives is what the store had. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    public int terminate(Duration max) throws InterruptedException {
        process.destroy();
        return awaitExit(max);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2_000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> command() {
        String nativeImage = System.getProperty("native.image.path");
        List<String> command = new ArrayList<>();
        if (nativeImage != null && new File(nativeImage).canExecute()) {
            command.add(nativeImage);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        }
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
