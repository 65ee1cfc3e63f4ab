package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.ShortTimers;

/**
 * SDX hiccups: only what cannot have created a job is retried; a lost answer is reconciled from
 * SDX's job list; a job without callbacks is polled; an outage fails fast. Never a second job.
 */
@QuarkusTest
@TestProfile(ShortTimers.class)
class SdxRetriesFlowTest {

    private final Flow flow = new Flow();

    @Inject
    RequestStore store;

    @Inject
    Database db;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void throttledSubmissionWaitsForRetryAfterAndQueuesOnce() {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID)).inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"message\":\"Too Many Attempts.\"}")));
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID)).inScenario("429")
                .whenScenarioStateIs("ok").willReturn(okJson(receipt("req-429", "idem-429"))));

        FakeSlack.Message approval = approved();

        List<String> thread = flow.awaitThread(approval, 2);
        assertThat(thread.get(0)).contains("Not queued yet").contains("429").contains("retry automatically");
        assertThat(thread.get(1)).contains("Queued in SDX").contains("req-429");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(2);
        endTheJob(approval, 3);
    }

    @Test
    void submissionWaitingForTheSdxBudgetStaysApprovedUntilItsTurn() {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-turn", "idem-turn");
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String id = Flow.requestId(approval);
        // The shared SDX budget is spent for the next 2 s (its next free time past the burst allowance).
        long freeAt = spendSdxBudgetFor(Duration.ofSeconds(2));
        long turnAt = freeAt - 100L * 99;

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.find(id).orElseThrow().state() == RequestState.APPROVED);
        sleepUntil(turnAt - 1_000);
        assertThat(store.find(id).orElseThrow().state()).as("waiting for SDX's limit, not claimed")
                .isEqualTo(RequestState.APPROVED);
        assertThat(store.events(id)).extracting(RequestEvent::kind).doesNotContain(EventKind.SUBMISSION_STARTED);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();

        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX").contains("req-turn");
        assertThat(store.events(id)).extracting(RequestEvent::kind).containsSubsequence(EventKind.APPROVED,
                EventKind.SUBMISSION_STARTED, EventKind.QUEUED);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1).first()
                .satisfies(call -> assertThat(call.getLoggedDate().getTime()).as("sent in its turn")
                        .isGreaterThanOrEqualTo(turnAt - 20));
        // The sweeps (every 300 ms) found the request APPROVED while it waited, and queued no second
        // submission: exactly one call was taken from the budget.
        sleepUntil(System.currentTimeMillis() + 700);
        assertThat(nextFreeAt()).isEqualTo(freeAt + 100);
        endTheJob(approval, 2);
    }

    /**
     * Moves the SDX budget's next free time so far ahead that no call is allowed for {@code wait}
     * (the tests' 600 calls a minute: 100 ms apart, bursts of 100, so 9.9 s of allowance); returns
     * the next free time written.
     */
    private long spendSdxBudgetFor(Duration wait) {
        long freeAt = System.currentTimeMillis() + 100L * 99 + wait.toMillis();
        db.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE rate_budget SET next_free_at = ? WHERE name = 'sdx-api'")) {
                ps.setLong(1, freeAt);
                assertThat(ps.executeUpdate()).as("the budget row (the site list was read through it)").isEqualTo(1);
            }
            return null;
        });
        return freeAt;
    }

    private long nextFreeAt() {
        return db.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT next_free_at FROM rate_budget WHERE name = 'sdx-api'");
                    var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        });
    }

    private static void sleepUntil(long epochMillis) {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * SDX reports the job done, so that the bot stops polling it: polls of a job left open would reach
     * the next test's SDX, whose answers (a 404 after its reset) count as SDX working for the breaker.
     */
    private void endTheJob(FakeSlack.Message approval, int replies) {
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), "completed").then().statusCode(200);
        assertThat(flow.awaitThread(approval, replies).get(replies - 1)).contains("*completed*");
    }

    @Test
    void lostAnswerIsFoundInSdxJobListAndAdopted() {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FakeSlack.Message approval = approved();
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Outcome unknown");
        String description = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).get(0).getBodyAsString())
                .path("description").asText();
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.CORE_ID + "/job")).willReturn(okJson("[" + job("job-older",
                "idem-x", "SDX-OTHER1 via Slack", null) + ","
                + job("job-lost", "idem-lost", description, "2026-04-20T03:15:00+00:00")
                + "]")));

        List<String> thread = flow.awaitThread(approval, 3);
        assertThat(thread.get(1)).contains("Found in SDX").contains("job-lost").contains("idem-lost");
        assertThat(thread.get(2)).contains("*running*");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("SDX job *running*"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
        endTheJob(approval, 4);
    }

    @Test
    void lostAnswerWithNoJobInSdxIsReportedNotQueuedAfterGrace() {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.CORE_ID + "/job")).willReturn(okJson("[]")));
        FakeSlack.Message approval = approved();

        List<String> thread = flow.awaitThread(approval, 2);
        assertThat(thread.get(0)).contains("Outcome unknown");
        assertThat(thread.get(1)).contains("Not queued").contains("has no job");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("Not queued"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void jobWithoutCallbacksIsPolledUntilItCompletes() {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-poll", "idem-poll");
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.EDGE_ID + "/job"))
                .willReturn(okJson("{\"data\":[" + job("job-poll", "idem-poll", "SDX-XXXXXX", null) + "]}")));
        Fakes.sdx().stubFor(
                get(urlEqualTo("/site/" + SdxStubs.EDGE_ID + "/job/job-poll")).willReturn(okJson("{\"id\":\"job-poll\","
                        + "\"idempotency_key\":\"idem-poll\",\"started_at\":\"2026-04-20T03:15:00+00:00\","
                        + "\"completed_at\":\"2026-04-20T03:15:09+00:00\",\"failed_at\":null}")));
        flow.queue("\"Edge Router\"", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = flow.awaitThread(approval, 2);
        assertThat(thread.get(0)).contains("Queued in SDX");
        assertThat(thread.get(1)).contains("*completed*");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 2);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
    }

    @Test
    void sdxOutageOpensTheBreakerSoCommandsFailFastThenRecovers() {
        Fakes.sdx().stubFor(get(urlEqualTo("/site-minimal")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 3; i++) {
            assertThat(ack("queue core-rtr-01 /system identity print")).contains("SDX answered 503");
        }
        String paused = ack("queue core-rtr-01 /system identity print");
        assertThat(paused).contains("paused after repeated failures");
        Fakes.sdx().verify(3, getRequestedFor(urlEqualTo("/site-minimal")));

        SdxStubs.sites(Fakes.sdx());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> ack("queue core-rtr-01 /system identity print").contains("sent for approval"));
    }

    private String ack(String text) {
        return flow.command(sdx.chatops.testing.SlackRequests.REQUESTER, text).then().statusCode(200).extract().jsonPath()
                .getString("text");
    }

    private FakeSlack.Message approved() {
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        return approval;
    }

    private static String receipt(String requestId, String key) {
        return "{\"status\":\"success\",\"data\":{\"idempotency_key\":\"" + key + "\",\"request_id\":\"" + requestId
                + "\",\"target\":\"" + SdxStubs.CORE_ID + "\",\"notify_url\":null,\"date\":\"2026-04-20T03:14:15+00:00\"}}";
    }

    private static String job(String id, String key, String description, String startedAt) {
        return "{\"id\":\"" + id + "\",\"token\":\"t\",\"site_id\":\"s\",\"idempotency_key\":\"" + key + "\",\"description\":\""
                + description + "\",\"express_execute\":false,\"needs_acknowledgement\":true,\"should_backup\":true,"
                + "\"associated_backup\":null,\"started_at\":" + (startedAt == null ? "null" : "\"" + startedAt + "\"")
                + ",\"completed_at\":null,\"failed_at\":null,\"created_at\":\"2026-04-20T03:14:15+00:00\","
                + "\"log_url\":null,\"script\":\"/system identity print\"}";
    }
}
