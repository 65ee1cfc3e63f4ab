package sdx.chatops.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SqliteOutbox;

/**
 * The packaged application, configured only with the documented environment variables, survives
 * being killed: a pending request can be approved after a restart, and a callback for a job
 * submitted before a restart reaches its thread.
 */
class PackagedBotRestartIT {

    private static final Fakes FAKES = new Fakes();
    private static Map<String, String> environment;

    @BeforeAll
    static void fakes() throws Exception {
        environment = new LinkedHashMap<>();
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                environment.put(name, value);
            }
        });
        environment.put("SDX_DATA_DIR", Files.createTempDirectory(Path.of("target"), "packaged-data-").toString());
        SdxStubs.sites(Fakes.sdx());
    }

    @AfterAll
    static void stopFakes() {
        FAKES.stop();
    }

    @Test
    void pendingRequestAndSubmittedJobSurviveKillNine() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-restart", "idem-restart");
        Flow flow = new Flow();
        FakeSlack.Message approval;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            String ack = flow.queue("core-rtr-01", "/ip dns set servers=9.9.9.9").then().statusCode(200).extract().jsonPath()
                    .getString("text");
            assertThat(ack).contains("sent for approval");
            approval = flow.awaitApprovalMessage();
            SqliteOutbox.awaitDrained(dataDir());
            bot.kill();
        }

        String token;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
            assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX").contains("req-restart");
            assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
            String url = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).get(0).getBodyAsString())
                    .path("notify_url").asText();
            token = url.substring(url.lastIndexOf('/') + 1);
            SqliteOutbox.awaitDrained(dataDir());
            bot.kill();
        }

        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            given().contentType("application/json").body("{\"status\":\"completed\",\"job_id\":\"j-1\"}")
                    .post("/sdx/notify/" + token).then().statusCode(200);
            assertThat(flow.awaitThread(approval, 2).get(1)).contains("*completed*");
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("SDX job *completed*"));
            assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
            // 143 = 128 + SIGTERM: the JVM's exit status after a graceful, signal-initiated shutdown.
            assertThat(bot.terminate(Duration.ofSeconds(30))).isIn(0, 143);
            assertThat(bot.output()).contains("sdx-chatops stopped in");
            assertThat(bot.output()).doesNotContain(FakeSlack.BOT_TOKEN).doesNotContain(Fakes.SDX_TOKEN)
                    .doesNotContain(Fakes.SIGNING_SECRET).doesNotContain(token);
        }
    }

    /** Kill only once Slack has been told everything (a kill in mid-call is PackagedBotKillNineIT's). */
    private static Path dataDir() {
        return Path.of(environment.get("SDX_DATA_DIR"));
    }

    @Test
    void slackBeingUnreachableChangesNeitherSignatureChecksNorCommandAnswers() throws Exception {
        Map<String, String> offline = new LinkedHashMap<>(environment);
        offline.put("SLACK_API_URL", "http://127.0.0.1:9/api/");
        try (BotProcess bot = BotProcess.startReady(offline)) {
            RestAssured.port = bot.port();
            sdx.chatops.testing.SlackRequests.post("x=1".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, null)
                    .then().statusCode(401);
            String usage = new Flow().command(sdx.chatops.testing.SlackRequests.REQUESTER, "help").then().statusCode(200)
                    .extract().jsonPath().getString("text");
            assertThat(usage).contains("Usage");
        }
    }

    @Test
    void startupWithoutRequiredVariablesNamesEveryMissingOne() throws Exception {
        Map<String, String> partial = new LinkedHashMap<>(environment);
        partial.remove("SLACK_BOT_TOKEN");
        partial.remove("SDX_API_TOKEN");
        partial.remove("SDX_PUBLIC_URL");
        try (BotProcess bot = BotProcess.start(partial)) {
            assertThat(bot.awaitExit(Duration.ofSeconds(60))).isNotZero();
            assertThat(bot.output()).contains("missing required environment variable(s) SLACK_BOT_TOKEN, SDX_API_TOKEN.");
        }
    }

    @Test
    void startupWithAnInvalidPolicyFileNamesFileRuleAndKeyOfEveryProblem() throws Exception {
        Path file = Files.writeString(Files.createTempFile(Path.of("target"), "policy-", ".yaml"), """
                rules:
                  - name: core routers
                    channels: [C0CORE001]
                    sites: ["core-["]
                    approvers: [U0CTO]
                    approvals: 0
                """).toAbsolutePath();
        Map<String, String> withPolicy = new LinkedHashMap<>(environment);
        withPolicy.put("SDX_POLICY_FILE", file.toString());
        // As in the container images: JSON logs, one object a line, so the multi-line message stays one record.
        withPolicy.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        try (BotProcess bot = BotProcess.start(withPolicy)) {
            assertThat(bot.awaitExit(Duration.ofSeconds(60))).isNotZero();
            // The message is logged on its own, before Quarkus's trace.
            String message = bot.output().lines().filter(line -> line.startsWith("{")).map(Flow::tree)
                    .filter(entry -> entry.path("level").asText().equals("ERROR")).map(entry -> entry.path("message").asText())
                    .findFirst().orElseThrow(() -> new AssertionError("no error logged:\n" + bot.output()));
            assertThat(message).startsWith("sdx-chatops cannot start: the policy file " + file + " (SDX_POLICY_FILE) has 2"
                    + " problems:\n");
            assertThat(message).contains(
                    file + ":4: rule \"core routers\" (rules[0]), key sites[0]: glob 'core-[' has a [ without its ]",
                    file + ":6: rule \"core routers\" (rules[0]), key approvals: is 0; at least 1 approval is needed",
                    "See README.md, section Policy.");
        }
    }

    @Test
    void startupWithAValidPolicyFileUsesItsRules() throws Exception {
        Path file = Files.writeString(Files.createTempFile(Path.of("target"), "policy-", ".yaml"), """
                admins: [S0NETADMIN]
                rules:
                  - name: everything
                    channels: ["*"]
                    sites: ["*"]
                    approvers: [%s]
                """.formatted(Fakes.APPROVER)).toAbsolutePath();
        Map<String, String> withPolicy = new LinkedHashMap<>(environment);
        withPolicy.put("SDX_POLICY_FILE", file.toString());
        withPolicy.remove("SDX_APPROVERS");
        try (BotProcess bot = BotProcess.startReady(withPolicy)) {
            assertThat(bot.output()).contains("policy: 1 rule from " + file + " (sha256 ")
                    .doesNotContain("SDX_APPROVERS is empty");
        }
    }
}
