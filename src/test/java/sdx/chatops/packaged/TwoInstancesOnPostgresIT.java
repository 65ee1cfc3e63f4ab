package sdx.chatops.packaged;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import sdx.chatops.testing.BotProcess;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.PostgresStore;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;
import sdx.chatops.testing.WithPolicy;

/**
 * Two packaged bots behind a load balancer share one PostgreSQL: clicks, callbacks and background
 * work may land on either, and each still happens once.
 */
class TwoInstancesOnPostgresIT {

    private static final Fakes FAKES = new Fakes();
    private static BotProcess a;
    private static BotProcess b;
    private static Map<String, String> store;

    @BeforeAll
    static void start() {
        Map<String, String> environment = new LinkedHashMap<>();
        FAKES.start().forEach((name, value) -> {
            if (name.equals(name.toUpperCase())) {
                environment.put(name, value);
            }
        });
        store = new PostgresStore().start();
        environment.putAll(store);
        environment.put("CHATOPS_WORKERS_SWEEP_INTERVAL", "300ms");
        environment.put("CHATOPS_SDX_POLL_INTERVAL", "1s");
        environment.put("CHATOPS_SDX_RECONCILE_GRACE", "3s");
        // The rules of SDX_APPROVERS, plus a site that needs two approvals.
        environment.put("SDX_POLICY_FILE", WithPolicy.write("""
                rules:
                  - name: two approvals
                    channels: ["*"]
                    sites: ["freeze-lab-*"]
                    approvers: [UAPPROVER1, UAPPROVER2]
                    approvals: 2
                  - name: everything else
                    channels: ["*"]
                    sites: ["*"]
                    approvers: [UAPPROVER1, SNETLEADS]
                """).toAbsolutePath().toString());
        a = BotProcess.start(environment);
        b = BotProcess.start(environment);
        a = BotProcess.awaitReady(a);
        b = BotProcess.awaitReady(b);
    }

    @AfterAll
    static void stop() throws Exception {
        for (BotProcess bot : new BotProcess[] { a, b }) {
            if (bot != null) {
                bot.close();
            }
        }
        FAKES.stop();
    }

    @BeforeEach
    void stubs() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void clicksOnBothInstancesSubmitOnceAndCallbacksOnEitherReachTheThread() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-two", "idem-two");
        Flow flow = new Flow();
        RestAssured.port = a.port();
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = awaitApprovalStored(flow.awaitApprovalMessage());

        ExecutorService clickers = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> clicks = new ArrayList<>();
        String[] approvers = { Fakes.APPROVER, "ULEAD2", "ULEAD3", "ULEAD4" };
        Fakes.slack().group(Fakes.APPROVER_GROUP, "ULEAD2", "ULEAD3", "ULEAD4");
        for (int i = 0; i < 8; i++) {
            BotProcess target = i % 2 == 0 ? a : b;
            String approver = approvers[i % approvers.length];
            clicks.add(clickers.submit(() -> {
                go.await();
                return SlackRequests.post(SlackRequests.click(flow.channel, approver, "sdx_approve", Flow.requestId(approval),
                        approval.ts, flow.channel + "-click-" + approver), target.port()).statusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> click : clicks) {
            assertThat(click.get()).isEqualTo(200);
        }
        clickers.shutdown();

        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX").contains("req-two");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).size() == 1);
        assertThat(flow.awaitEphemeral(7)).hasSize(7).allMatch(text -> text.contains("already approved"));

        String token = token(SdxStubs.CORE_ID);
        notify(b, token, "running");
        notify(a, token, "running");
        notify(a, token, "completed");
        notify(b, token, "running");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() == 3);
        List<String> thread = flow.thread(approval);
        assertThat(thread.get(1)).contains("*running*");
        assertThat(thread.get(2)).contains("*completed*");
        assertThat(Fakes.slack().channel(flow.channel)).hasSize(1);
    }

    @Test
    void backgroundReconciliationRunsOnceAcrossInstances() throws Exception {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.EDGE_ID))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Flow flow = new Flow();
        RestAssured.port = b.port();
        flow.queue("\"Edge Router\"", "/interface disable ether9").then().statusCode(200);
        FakeSlack.Message approval = awaitApprovalStored(flow.awaitApprovalMessage());
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Outcome unknown");

        String description = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID).get(0).getBodyAsString())
                .path("description").asText();
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.EDGE_ID + "/job")).willReturn(okJson("[{\"id\":\"job-two\","
                + "\"idempotency_key\":\"idem-found\",\"description\":\"" + description + "\",\"started_at\":null,"
                + "\"completed_at\":\"2026-04-20T03:15:09+00:00\",\"failed_at\":null}]")));

        await().atMost(Duration.ofSeconds(15)).until(() -> flow.thread(approval).size() >= 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() == 3);
        List<String> thread = flow.thread(approval);
        assertThat(thread.get(1)).contains("Found in SDX").contains("job-two");
        assertThat(thread.get(2)).contains("*completed*");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
    }

    @Test
    void lastApprovalsArrivingAtTheSameInstantOnBothInstancesSubmitExactlyOnce() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.FREEZE_LAB_ID, "req-two-of-two", "idem-two-of-two");
        ExecutorService clickers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                Flow flow = new Flow();
                RestAssured.port = a.port();
                flow.queue("freeze-lab-01", "/ip address print").then().statusCode(200);
                FakeSlack.Message approval = awaitApprovalStored(flow.awaitApprovalMessage());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> clicks = new ArrayList<>();
                for (String approver : new String[] { Fakes.APPROVER, "UAPPROVER2" }) {
                    BotProcess target = approver.equals(Fakes.APPROVER) ? a : b;
                    clicks.add(clickers.submit(() -> {
                        go.await();
                        return SlackRequests.post(SlackRequests.click(flow.channel, approver, "sdx_approve",
                                Flow.requestId(approval), approval.ts, flow.channel + "-click-" + approver), target.port())
                                .statusCode();
                    }));
                }
                go.countDown();
                for (Future<Integer> click : clicks) {
                    assertThat(click.get()).isEqualTo(200);
                }
                assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                        .contains("<@" + Fakes.APPROVER + ">").contains("<@UAPPROVER2>").contains("Queued in SDX"));
            }
        } finally {
            clickers.shutdownNow();
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.FREEZE_LAB_ID).size() == 5);
    }

    /**
     * The approval message, once the bot that posted it has stored its ts: a click is only valid on
     * the request's own message, and the ts is written with the outbox's next round, a moment after
     * Slack has the message.
     */
    private static FakeSlack.Message awaitApprovalStored(FakeSlack.Message approval) {
        String requestId = Flow.requestId(approval);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = DriverManager.getConnection(store.get("SDX_DB_URL"), store.get("SDX_DB_USER"),
                    store.get("SDX_DB_PASSWORD"));
                    PreparedStatement ps = c.prepareStatement("SELECT approval_ts FROM change_request WHERE id = ?")) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && approval.ts.equals(rs.getString(1));
                }
            }
        });
        return approval;
    }

    private static String token(String siteId) {
        String url = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), siteId).get(0).getBodyAsString()).path("notify_url").asText();
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static void notify(BotProcess bot, String token, String status) {
        RequestSpecification spec = given().port(bot.port()).contentType("application/json");
        spec.body("{\"status\":\"" + status + "\",\"job_id\":\"job-1\"}").post("/sdx/notify/" + token).then().statusCode(200);
    }
}
