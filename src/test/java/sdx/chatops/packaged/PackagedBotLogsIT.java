package sdx.chatops.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.RestAssured;
import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * The packaged bot's console log: plain text unless switched to JSON, as the container images and the
 * Helm chart do with {@code QUARKUS_LOG_CONSOLE_JSON_ENABLED=true}; in JSON every line is one object
 * and a request's lines carry its fields (RequestLog's MDC) for a log collector. Never a secret.
 */
class PackagedBotLogsIT {

    private static final Fakes FAKES = new Fakes();
    private static final String JSON_LOGS = "QUARKUS_LOG_CONSOLE_JSON_ENABLED";
    private static Map<String, String> environment;

    @BeforeAll
    static void fakes() throws Exception {
        environment = new LinkedHashMap<>();
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                environment.put(name, value);
            }
        });
        SdxStubs.sites(Fakes.sdx());
    }

    @AfterAll
    static void stopFakes() {
        FAKES.stop();
    }

    @Test
    void jsonLogsAsTheImagesSwitchThemOnAreOneObjectPerLineWithTheRequestFields() throws Exception {
        Map<String, String> json = withDataDir(environment);
        json.put(JSON_LOGS, "true");
        Flow flow = new Flow();

        String output = queueOneRequest(json, flow);
        String code = Flow.code(Fakes.slack().channel(flow.channel).get(0));

        List<String> lines = botLines(output);
        assertThat(lines).isNotEmpty();
        List<JsonNode> records = lines.stream().map(line -> {
            assertThat(line).as("a JSON log line").startsWith("{").endsWith("}");
            return Flow.tree(line);
        }).toList();
        assertThat(records).allSatisfy(record -> assertThat(record.has("timestamp") && record.has("level")
                && record.has("loggerName") && record.has("message")).as("fields of %s", record).isTrue());
        assertThat(records).anySatisfy(record -> assertThat(record.path("message").asText()).contains("started in"));

        JsonNode created = records.stream()
                .filter(record -> record.path("message").asText().startsWith("request " + code + " created")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'request " + code + " created' line in:\n" + output));
        assertThat(created.path("level").asText()).isEqualTo("INFO");
        JsonNode mdc = created.path("mdc");
        assertThat(mdc.path("request").asText()).isEqualTo(code);
        assertThat(mdc.path("channel").asText()).isEqualTo(flow.channel);
        assertThat(mdc.path("user").asText()).isEqualTo(SlackRequests.REQUESTER);
        assertThat(mdc.path("site").asText()).isEqualTo(SdxStubs.CORE_ID);
        assertNoSecrets(output);
    }

    @Test
    void logsArePlainTextLinesUnlessSwitchedToJson() throws Exception {
        Flow flow = new Flow();

        String output = queueOneRequest(withDataDir(environment), flow);
        String code = Flow.code(Fakes.slack().channel(flow.channel).get(0));

        List<String> lines = botLines(output);
        assertThat(lines).isNotEmpty().noneMatch(line -> line.startsWith("{"));
        assertThat(lines).anyMatch(line -> line.matches(".* INFO  \\[io\\.quarkus\\] \\(main\\) sdx-chatops .* started in .*"));
        assertThat(lines).anyMatch(line -> line.matches(".* INFO  \\[sdx\\.chatops\\.approval\\.RequestChange\\] \\(.+\\) "
                + "request " + code + " created: requester=" + SlackRequests.REQUESTER + " channel=" + flow.channel
                + " site=" + SdxStubs.CORE_ID + " rule=default"));
        assertNoSecrets(output);
    }

    /** Starts a bot, has it post one approval message, stops it with SIGTERM and returns its output. */
    private static String queueOneRequest(Map<String, String> env, Flow flow) throws Exception {
        try (BotProcess bot = BotProcess.startReady(env)) {
            RestAssured.port = bot.port();
            String ack = flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract()
                    .jsonPath().getString("text");
            assertThat(ack).contains("sent for approval");
            flow.awaitApprovalMessage();
            assertThat(bot.terminate(Duration.ofSeconds(30))).isIn(0, 143);
            return bot.output();
        }
    }

    /**
     * The bot's own lines. The JVM launcher may print "Picked up JAVA_TOOL_OPTIONS: ..." (the JVM image sets
     * that variable) before any logging exists; that line is not the bot's.
     */
    private static List<String> botLines(String output) {
        return output.lines().filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith("Picked up ") && !line.startsWith("NOTE: Picked up ")).toList();
    }

    private static void assertNoSecrets(String output) {
        assertThat(output).doesNotContain(FakeSlack.BOT_TOKEN).doesNotContain(Fakes.SDX_TOKEN)
                .doesNotContain(Fakes.SIGNING_SECRET);
    }

    private static Map<String, String> withDataDir(Map<String, String> base) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("SDX_DATA_DIR", Files.createTempDirectory(Path.of("target"), "packaged-logs-").toString());
        return env;
    }
}
