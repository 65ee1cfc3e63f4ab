package sdx.chatops.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.RestAssured;
import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxStubs;

/**
 * The JVM image's AppCDS archive, made as {@code Dockerfile.jvm} makes it: {@code app-cds.sh} run on
 * the application laid out as in the image, with the image's JVM options; the bot then starts from
 * that archive ({@code -Xshare:on}: a JVM that cannot map it refuses to start), loads its own classes
 * from it, and works.
 */
class PackagedBotAppCdsIT {

    private static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");
    private static final Path SCRIPT = Path.of("src", "main", "docker", "app-cds.sh");
    private static final Fakes FAKES = new Fakes();
    private static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();

    @BeforeAll
    static void fakes() {
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                ENVIRONMENT.put(name, value);
            }
        });
        SdxStubs.sites(Fakes.sdx());
    }

    @AfterAll
    static void stopFakes() {
        FAKES.stop();
    }

    @Test
    void imageWiresTheArchiveItsTrainingRunWrites() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(dockerfile).contains("COPY src/main/docker/app-cds.sh /tmp/app-cds.sh")
                .contains("RUN bash /tmp/app-cds.sh /deployments/app-cds.jsa /deployments")
                .contains("\"-XX:SharedArchiveFile=/deployments/app-cds.jsa\"")
                .contains("\"-jar\", \"/deployments/quarkus-run.jar\"");
        assertThat(dockerfile.indexOf("JAVA_TOOL_OPTIONS=")).as("the training run has the image's JVM options")
                .isBetween(0, dockerfile.indexOf("RUN bash /tmp/app-cds.sh"));
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).as("the script is in the build context")
                .contains("!src/main/docker/app-cds.sh");
    }

    @Test
    void botStartsFromTheArchiveAndLoadsItsOwnClassesFromIt(@TempDir Path deployments) throws Exception {
        copy(Path.of("target", "quarkus-app"), deployments);
        Path archive = deployments.resolve("app-cds.jsa");
        String training = train(archive, deployments);
        assertThat(training).contains("app-cds.sh: wrote " + archive);
        assertThat(Files.size(archive)).as("archive size").isGreaterThan(1 << 20);
        assertThat(training).doesNotContain(Fakes.SIGNING_SECRET);

        Path classLoading = deployments.resolve("class-load.log");
        Map<String, String> environment = new LinkedHashMap<>(ENVIRONMENT);
        environment.put("JAVA_TOOL_OPTIONS", imageJavaOptions());
        environment.put("SDX_DATA_DIR", Files.createDirectories(deployments.resolve("data")).toString());
        List<String> jvmOptions = List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info:file=" + classLoading);
        try (BotProcess bot = BotProcess.awaitReady(
                BotProcess.start(environment, jvmOptions, deployments.resolve("quarkus-run.jar")))) {
            RestAssured.port = bot.port();
            Flow flow = new Flow();
            assertThat(flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract()
                    .jsonPath().getString("text")).contains("sent for approval");
            flow.awaitApprovalMessage();
        }
        List<String> botClasses = Files.readAllLines(classLoading).stream()
                .filter(line -> line.contains(" sdx.chatops.slack.SdxSlashCommand ")
                        || line.contains(" sdx.chatops.approval.RequestChange "))
                .toList();
        assertThat(botClasses).hasSize(2).allSatisfy(line -> assertThat(line).contains("source: shared objects file (top)"));
    }

    /** Runs the script as the image build does and returns its output. */
    private static String train(Path archive, Path deployments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), archive.toString(), deployments.toString());
        builder.environment().keySet().removeIf(
                name -> name.startsWith("SLACK_") || name.startsWith("SDX_") || name.startsWith("QUARKUS_"));
        builder.environment().put("JAVA_TOOL_OPTIONS", imageJavaOptions());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().put("APP_CDS_HTTP_PORT", String.valueOf(Management.freePort()));
        builder.environment().put("APP_CDS_MANAGEMENT_PORT", String.valueOf(Management.freePort()));
        Process process = builder.redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the training run ends by itself").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String imageJavaOptions() throws IOException {
        Matcher m = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"").matcher(Files.readString(DOCKERFILE));
        assertThat(m.find()).as("Dockerfile.jvm sets JAVA_TOOL_OPTIONS").isTrue();
        return m.group(1);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (!file.getFileName().toString().endsWith(".jsa")) {
                        Files.copy(file, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
