package sdx.chatops.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.restassured.RestAssured;
import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SqliteOutbox;

/**
 * The packaged bot killed with SIGKILL at the worst moments of a submission, configured only with
 * environment variables: nothing is lost, SDX never gets the job twice, and the thread tells what
 * happened, each message once.
 */
class PackagedBotKillNineIT {

    private static final Fakes FAKES = new Fakes();
    private static final Map<String, String> FAKE_ENVIRONMENT = new LinkedHashMap<>();
    /** SDX on a fixed port, so that it can go away and come back at the same address. */
    private static WireMockServer sdx;

    private final Flow flow = new Flow();
    private Map<String, String> environment;

    @BeforeAll
    static void fakes() throws IOException {
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                FAKE_ENVIRONMENT.put(name, value);
            }
        });
        try (ServerSocket socket = new ServerSocket(0)) {
            sdx = new WireMockServer(options().bindAddress("127.0.0.1").port(socket.getLocalPort()));
        }
        sdx.start();
        FAKE_ENVIRONMENT.put("SDX_API_URL", sdx.baseUrl());
    }

    @AfterAll
    static void stopFakes() {
        sdx.stop();
        FAKES.stop();
    }

    @BeforeEach
    void freshBot() throws IOException {
        sdx.resetAll();
        SdxStubs.sites(sdx);
        environment = new LinkedHashMap<>(FAKE_ENVIRONMENT);
        environment.put("SDX_DATA_DIR", Files.createTempDirectory(Path.of("target"), "kill-nine-data-").toString());
        environment.put("CHATOPS_WORKERS_SWEEP_INTERVAL", "300ms");
        environment.put("CHATOPS_SDX_POLL_INTERVAL", "1s");
        environment.put("CHATOPS_SDX_RECONCILE_GRACE", "3s");
        environment.put("CHATOPS_SDX_CONNECT_TIMEOUT", "1s");
        environment.put("CHATOPS_SDX_READ_TIMEOUT", "10s");
        // A claim the killed bot held on an outbox entry runs out after this long (60 s by default).
        environment.put("CHATOPS_STORE_LEASE_TIME", "5s");
    }

    @Test
    void botKilledWhileSdxHoldsTheAnswerFindsTheJobInSdxAndNeverSendsItAgain() throws Exception {
        // SDX takes the job but answers only after the bot is dead.
        sdx.stubFor(post(urlEqualTo(queue(SdxStubs.CORE_ID))).willReturn(okJson(receipt("req-lost")).withFixedDelay(30_000)));
        FakeSlack.Message approval;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            approval = pendingApproval(bot);
            flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID).size() == 1);
            bot.kill();
        }
        String code = Flow.code(approval);
        sdx.stubFor(get(urlEqualTo("/site/" + SdxStubs.CORE_ID + "/job")).willReturn(okJson("{\"data\":[{\"id\":\"job-lost\","
                + "\"idempotency_key\":\"idem-lost\",\"description\":\"" + code + " via Slack: urequester in #netops\","
                + "\"started_at\":\"2026-04-20T03:15:00+00:00\",\"completed_at\":\"2026-04-20T03:15:09+00:00\","
                + "\"failed_at\":null}]}")));

        // A submission is taken for dead only after the longest an SDX call can last, plus 30 s.
        environment.put("CHATOPS_SDX_READ_TIMEOUT", "1s");
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            await().atMost(Duration.ofSeconds(75)).until(() -> flow.thread(approval).size() >= 3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 3);
            List<String> thread = flow.thread(approval);
            assertThat(thread.get(0)).startsWith(":grey_question: *Outcome unknown* (" + code + ")")
                    .contains("the bot stopped while sending the job to SDX").contains("it was not sent again");
            assertThat(thread.get(1)).startsWith(":mag: *Found in SDX* (" + code + ")").contains("job-lost");
            assertThat(thread.get(2)).startsWith(":white_check_mark: SDX job status: *completed*");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                    .contains("Approved by <@" + Fakes.APPROVER + ">").contains("SDX job *completed*"));
            assertThat(Fakes.slack().channel(flow.channel)).hasSize(1);
            assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).hasSize(1);
        }
    }

    @Test
    void approvedJobNotYetSentWhenTheBotIsKilledIsSentExactlyOnceAfterRestart() throws Exception {
        FakeSlack.Message approval;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            approval = pendingApproval(bot);
            sdx.stop();
            try {
                flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
                assertThat(flow.awaitThread(approval, 1).get(0)).startsWith(":hourglass_flowing_sand: *Not queued yet*")
                        .contains("SDX could not be reached");
                SqliteOutbox.awaitDrained(dataDir());
                bot.kill();
            } finally {
                sdx.start();
            }
        }
        assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).isEmpty();
        SdxStubs.sites(sdx);
        SdxStubs.accepts(sdx, SdxStubs.CORE_ID, "req-resumed", "idem-resumed");

        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.thread(approval).size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 2);
            assertThat(flow.thread(approval).get(1)).startsWith(":inbox_tray: *Queued in SDX* (" + Flow.code(approval) + ")")
                    .contains("req-resumed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                    .contains("Approved by <@" + Fakes.APPROVER + ">").contains("Queued in SDX"));
            assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).hasSize(1);
        }
    }

    @Test
    void receiptStillInTheOutboxWhenTheBotIsKilledIsPostedOnceAfterRestart() throws Exception {
        SdxStubs.accepts(sdx, SdxStubs.CORE_ID, "req-outbox", "idem-outbox");
        FakeSlack.Message approval;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            approval = pendingApproval(bot);
            Fakes.slack().failIn(flow.channel, "chat.postMessage", 100, 500, "<html>Slack is down</html>", Map.of());
            flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> Fakes.slack().calls("chat.postMessage", flow.channel).stream()
                    .filter(c -> c.params().containsKey("thread_ts")).count() >= 2);
            bot.kill();
        }
        Fakes.slack().clearFaults();
        assertThat(flow.thread(approval)).isEmpty();
        assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).hasSize(1);

        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            assertThat(flow.awaitThread(approval, 1).get(0))
                    .startsWith(":inbox_tray: *Queued in SDX* (" + Flow.code(approval) + ")")
                    .contains("req-outbox");
            String url = Flow.tree(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID).get(0).getBodyAsString()).path("notify_url")
                    .asText();
            given().contentType("application/json").body("{\"job_id\":\"j-outbox\",\"status\":\"completed\"}")
                    .post("/sdx/notify/" + url.substring(url.lastIndexOf('/') + 1)).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 2);
            assertThat(flow.thread(approval).get(1)).startsWith(":white_check_mark: SDX job status: *completed*");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                    .contains("Approved by <@" + Fakes.APPROVER + ">").contains("SDX job *completed*"));
            assertThat(Fakes.slack().channel(flow.channel)).hasSize(1);
            assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).hasSize(1);
        }
    }

    @Test
    void commandAcknowledgedWithoutWaitingForTheDiskIsStillPostedAfterTheBotIsKilled() throws Exception {
        environment.put("CHATOPS_STORE_FLUSH_NEW_REQUESTS", "false");
        String ack;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            // Slack refuses the approval message, so the bot is killed with the request acked and nothing posted.
            Fakes.slack().failIn(flow.channel, "chat.postMessage", 100, 500, "<html>Slack is down</html>", Map.of());
            ack = flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                    .getString("text");
            assertThat(ack).contains("sent for approval");
            bot.kill();
        }
        Fakes.slack().clearFaults();
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();

        try (BotProcess bot = BotProcess.startReady(environment)) {
            FakeSlack.Message approval = flow.awaitApprovalMessage();
            assertThat(ack).contains(Flow.code(approval));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> Fakes.slack().channel(flow.channel).size() == 1);
        }
    }

    @Test
    @Disabled("known limit (docs/faults.md): a SIGKILL between Slack accepting a chat.postMessage and the store"
            + " recording it makes the post go out again after the restart (at-least-once delivery). The stall that"
            + " came with it is fixed: the embedded store drops a dead instance's claims at start. To close the gap,"
            + " mark each post (chat.postMessage metadata {event_type: sdx_outbox, event_payload: {entry: <id>}}) and"
            + " look for the mark with conversations.replies/history before re-sending (needs channels:history).")
    void replyPostedWhileTheBotIsKilledIsNotPostedAgainAfterRestart() throws Exception {
        SdxStubs.accepts(sdx, SdxStubs.CORE_ID, "req-mid-post", "idem-mid-post");
        FakeSlack.Message approval;
        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            approval = pendingApproval(bot);
            // Slack posts the receipt at once and answers 5 s later; the bot dies in between.
            Fakes.slack().slowIn(flow.channel, "chat.postMessage", 1, Duration.ofSeconds(5));
            flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() == 1);
            bot.kill();
        }

        try (BotProcess bot = BotProcess.startReady(environment)) {
            RestAssured.port = bot.port();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                    .contains("Queued in SDX"));
            // The edit follows the receipt: by now the receipt's fate is settled (the killed bot's claim: 5 s).
            Thread.sleep(1_000);
            assertThat(flow.thread(approval)).hasSize(1);
            assertThat(flow.thread(approval).get(0)).startsWith(":inbox_tray: *Queued in SDX*");
            assertThat(SdxStubs.queueCalls(sdx, SdxStubs.CORE_ID)).hasSize(1);
        }
    }

    private Path dataDir() {
        return Path.of(environment.get("SDX_DATA_DIR"));
    }

    private FakeSlack.Message pendingApproval(BotProcess bot) {
        String ack = flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");
        assertThat(ack).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        // Seen in CI: a click 1 ms before the bot stored the message's ts was refused as not its own.
        bot.awaitApprovalRecorded(approval);
        return approval;
    }

    private static String queue(String siteId) {
        return "/api/asynchronous/" + siteId;
    }

    private static String receipt(String requestId) {
        return "{\"status\":\"success\",\"data\":{\"idempotency_key\":\"idem-" + requestId + "\",\"request_id\":\""
                + requestId + "\",\"target\":\"" + SdxStubs.CORE_ID + "\",\"date\":\"2026-04-20T03:14:15+00:00\"}}";
    }
}
