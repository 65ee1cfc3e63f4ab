package sdx.chatops.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
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

    private static final Path DEFAULT_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private BotProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    public static BotProcess start(Map<String, String> environment) {
        return start(environment, List.of(), DEFAULT_JAR);
    }

    /**
     * Starts {@code java <jvmOptions> -jar <jar>}, e.g. a copy of {@code target/quarkus-app} laid out
     * as in the image, even when a native executable was built.
     */
    public static BotProcess start(Map<String, String> environment, List<String> jvmOptions, Path jar) {
        return start(environment, Path.of(System.getProperty("java.home"), "bin", "java"), jvmOptions, jar);
    }

    /** Starts {@code <java> <jvmOptions> -jar <jar>}: another JVM than the one running the tests. */
    public static BotProcess start(Map<String, String> environment, Path java, List<String> jvmOptions, Path jar) {
        try {
            int port = Management.freePort();
            // Its own management port (health, metrics), so that several bots and builds can run at once.
            int managementPort = Management.freePort();
            Path log = Files.createTempFile(Path.of("target"), "bot-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command(java, jvmOptions, jar));
            // Only what the test gives: nothing inherited from the shell that runs the build.
            builder.environment().keySet().removeIf(
                    name -> name.startsWith("SLACK_") || name.startsWith("SDX_") || name.startsWith("QUARKUS_"));
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            return new BotProcess(builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits until {@code /q/health/ready} on the management port says UP. */
    public static BotProcess startReady(Map<String, String> environment) {
        return awaitReady(start(environment));
    }

    /** Waits until a started bot's {@code /q/health/ready} on the management port says UP. */
    public static BotProcess awaitReady(BotProcess bot) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!bot.process.isAlive()) {
                throw new AssertionError("the bot exited during start-up:\n" + bot.output());
            }
            return bot.ready();
        });
        return bot;
    }

    /** The HTTP port: {@code /slack/events} and {@code /sdx/notify/...}. */
    public int port() {
        return port;
    }

    /** The management port: {@code /q/health/*} and {@code /q/metrics}. */
    public int managementPort() {
        return managementPort;
    }

    /**
     * Waits until this bot has stored the ts of a request's approval message: its audit line
     * {@code APPROVAL_POSTED}, written once that write has committed. A click is valid only on the
     * message its request records, and the write follows Slack's answer by a few milliseconds; a test
     * that clicks the moment the fake has the message can beat it ({@link Flow#awaitRecorded} does the
     * same for a bot in the test's own JVM).
     */
    public void awaitApprovalRecorded(FakeSlack.Message approval) {
        String line = "audit APPROVAL_POSTED request=" + Flow.code(approval);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> output().contains(line));
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
            HttpURLConnection connection = (HttpURLConnection) URI
                    .create("http://127.0.0.1:" + managementPort + "/q/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2_000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> command(Path java, List<String> jvmOptions, Path jar) {
        String nativeImage = System.getProperty("native.image.path");
        List<String> command = new ArrayList<>();
        if (jar.equals(DEFAULT_JAR) && nativeImage != null && new File(nativeImage).canExecute()) {
            command.add(nativeImage);
        } else {
            command.add(java.toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
        }
        return command;
    }
}
