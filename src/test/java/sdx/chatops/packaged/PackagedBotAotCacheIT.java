package sdx.chatops.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import sdx.chatops.testing.ImageJava;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxStubs;

/**
 * The JVM image's class cache, made as {@code Dockerfile.jvm} makes it: {@code app-cds.sh} run on the
 * application laid out as in the image, with the image's JVM options. With the image's Java (25) it
 * is an AOT cache and the bot starts from it ({@code -XX:AOTMode=on}: a JVM that cannot map it
 * refuses to start), takes its own classes from it, and works; with an older JDK (the tests' 17) the
 * same script writes an AppCDS archive that works the same way ({@code -Xshare:on}).
 */
class PackagedBotAotCacheIT {

    private static final Path DOCKERFILE = ImageJava.DOCKERFILE;
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
    void imageWiresTheCacheItsTrainingRunWrites() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertThat(ImageJava.feature()).as("the AOT cache needs Java 25 or later").isGreaterThanOrEqualTo(25);
        assertThat(dockerfile).contains("COPY src/main/docker/app-cds.sh /tmp/app-cds.sh")
                .contains("RUN bash /tmp/app-cds.sh /deployments/app.aot /deployments")
                .contains("\"-XX:AOTCache=/deployments/app.aot\"")
                .contains("\"--enable-native-access=ALL-UNNAMED\"")
                .contains("\"-jar\", \"/deployments/quarkus-run.jar\"");
        assertThat(dockerfile.indexOf("JAVA_TOOL_OPTIONS=")).as("the training run has the image's JVM options")
                .isBetween(0, dockerfile.indexOf("RUN bash /tmp/app-cds.sh"));
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).as("the script is in the build context")
                .contains("!src/main/docker/app-cds.sh");
    }

    @Test
    void botStartsFromTheImagesAotCacheAndTakesItsOwnClassesFromIt(@TempDir Path deployments) throws Exception {
        Optional<Path> imageJava = ImageJava.java();
        assumeTrue(imageJava.isPresent(), ImageJava.missing());
        Path java = imageJava.get();
        copy(Path.of("target", "quarkus-app"), deployments);
        Path cache = deployments.resolve("app.aot");
        String training = train(java, cache, deployments);
        assertThat(training).contains("app-cds.sh: wrote " + cache);

        String output = startAndQueue(java, deployments, cache,
                List.of("--enable-native-access=ALL-UNNAMED", "-XX:AOTMode=on", "-XX:AOTCache=" + cache),
                "source: shared objects file");
        assertThat(output).as("native access is granted, so the JVM does not warn about the SQLite driver")
                .doesNotContain("restricted method");
    }

    @Test
    void anOlderJdkGetsAnAppCdsArchiveFromTheSameScript(@TempDir Path deployments) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(Runtime.version().feature()).as("the tests' JVM is older than the image's").isLessThan(25);
        copy(Path.of("target", "quarkus-app"), deployments);
        Path archive = deployments.resolve("app-cds.jsa");
        String training = train(java, archive, deployments);
        assertThat(training).contains("app-cds.sh: wrote " + archive);

        startAndQueue(java, deployments, archive, List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive),
                "source: shared objects file (top)");
    }

    /**
     * Starts the bot from the cache, queues a request until its approval message is posted, and
     * checks that two of the bot's classes came from the cache; returns the bot's output.
     */
    private static String startAndQueue(Path java, Path deployments, Path cache, List<String> cacheOptions,
            String cacheSource) throws Exception {
        assertThat(Files.size(cache)).as("cache size").isGreaterThan(1 << 20);
        Path classLoading = deployments.resolve("class-load.log");
        Map<String, String> environment = new LinkedHashMap<>(ENVIRONMENT);
        environment.put("JAVA_TOOL_OPTIONS", imageJavaOptions());
        environment.put("SDX_DATA_DIR", Files.createDirectories(deployments.resolve("data")).toString());
        List<String> jvmOptions = new ArrayList<>(cacheOptions);
        jvmOptions.add("-Xlog:class+load=info:file=" + classLoading);
        String output;
        try (BotProcess bot = BotProcess.awaitReady(
                BotProcess.start(environment, java, jvmOptions, deployments.resolve("quarkus-run.jar")))) {
            RestAssured.port = bot.port();
            Flow flow = new Flow();
            assertThat(flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract()
                    .jsonPath().getString("text")).contains("sent for approval");
            flow.awaitApprovalMessage();
            output = bot.output();
        }
        List<String> botClasses = Files.readAllLines(classLoading).stream()
                .filter(line -> line.contains(" sdx.chatops.slack.SdxSlashCommand ")
                        || line.contains(" sdx.chatops.approval.RequestChange "))
                .toList();
        assertThat(botClasses).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(cacheSource));
        return output;
    }

    /** Runs the script as the image build does and returns its output. */
    private static String train(Path java, Path cache, Path deployments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), cache.toString(), deployments.toString());
        builder.environment().keySet().removeIf(
                name -> name.startsWith("SLACK_") || name.startsWith("SDX_") || name.startsWith("QUARKUS_"));
        builder.environment().put("JAVA_TOOL_OPTIONS", imageJavaOptions());
        builder.environment().put("PATH", java.getParent() + ":" + System.getenv("PATH"));
        builder.environment().put("APP_CDS_HTTP_PORT", String.valueOf(Management.freePort()));
        builder.environment().put("APP_CDS_MANAGEMENT_PORT", String.valueOf(Management.freePort()));
        Process process = builder.redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the training run ends by itself").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(Fakes.SIGNING_SECRET);
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
                    } else if (!file.getFileName().toString().endsWith(".jsa")
                            && !file.getFileName().toString().endsWith(".aot")) {
                        Files.copy(file, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
