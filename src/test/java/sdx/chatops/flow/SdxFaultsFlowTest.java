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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.ShortTimers;

/**
 * SDX throttling, failing and timing out, from the thread's point of view: exactly one job, every
 * message once, and the thread tells the whole story in order.
 */
@QuarkusTest
@TestProfile(ShortTimers.class)
class SdxFaultsFlowTest {

    // Sites of their own: jobs other tests left polling SDX must not use up these scenarios.
    private static final String THROTTLED_SITE = SdxStubs.BRANCH_A_ID;
    private static final String SLOW_SITE = SdxStubs.BRANCH_B_ID;
    private static final String JOBS = "/site/" + SLOW_SITE + "/job";

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void sdxThrottlingTwiceThenAcceptingQueuesExactlyOneJob() {
        throttled(Scenario.STARTED, "throttled once");
        throttled("throttled once", "throttled twice");
        Fakes.sdx().stubFor(post(urlEqualTo(queue(THROTTLED_SITE))).inScenario("queue").whenScenarioStateIs("throttled twice")
                .willReturn(okJson(receipt("req-429x2", "idem-429x2"))));

        flow.queue(THROTTLED_SITE, "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        flow.awaitThread(approval, 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 2);
        List<String> thread = flow.thread(approval);
        assertThat(thread.get(0)).startsWith(":hourglass_flowing_sand: *Not queued yet* (" + Flow.code(approval) + ")")
                .contains("SDX is limiting requests (429)");
        assertThat(thread.get(1)).startsWith(":inbox_tray: *Queued in SDX* (" + Flow.code(approval) + ")")
                .contains("req-429x2");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("Queued in SDX"));
        // Two refusals that created nothing, one job.
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), THROTTLED_SITE)).hasSize(3);

        // The job ends (and stops being polled, which would disturb other tests' SDX breaker).
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), THROTTLED_SITE), "completed").then().statusCode(200);
        flow.awaitThread(approval, 3);
        assertThat(flow.thread(approval).get(2)).startsWith(":white_check_mark: SDX job status: *completed*");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("SDX job *completed*"));
    }

    @Test
    void queueTimeoutIsReconciledThroughFailingAndThrottledJobListsIntoOneJob() {
        flow.queue(SLOW_SITE, "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String code = Flow.code(approval);
        // SDX queues the job but answers after the bot's read timeout (3 s).
        Fakes.sdx().stubFor(post(urlEqualTo(queue(SLOW_SITE))).willReturn(okJson(receipt("req-late", "idem-late"))
                .withFixedDelay(4_000)));
        // Asked where the job went, SDX first fails, then throttles, then lists it.
        Fakes.sdx().stubFor(get(urlEqualTo(JOBS)).inScenario("jobs").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("failed").willReturn(aResponse().withStatus(500).withBody("<html>Server Error</html>")));
        Fakes.sdx().stubFor(get(urlEqualTo(JOBS)).inScenario("jobs").whenScenarioStateIs("failed").willSetStateTo("throttled")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"message\":\"Too Many Attempts.\"}")));
        Fakes.sdx().stubFor(get(urlEqualTo(JOBS)).inScenario("jobs").whenScenarioStateIs("throttled")
                .willReturn(okJson("[" + job("job-late", "idem-late", code + " via Slack: urequester in #netops") + "]")));

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        assertThat(flow.awaitThread(approval, 1).get(0)).startsWith(":grey_question: *Outcome unknown* (" + code + ")")
                .contains("timed out");
        await().atMost(Duration.ofSeconds(15)).until(() -> flow.thread(approval).size() >= 3);
        assertThat(Fakes.sdx().findAll(getRequestedFor(urlEqualTo(JOBS)))).hasSizeGreaterThanOrEqualTo(3);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SLOW_SITE), "completed").then().statusCode(200);

        flow.awaitThread(approval, 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 4);
        List<String> thread = flow.thread(approval);
        assertThat(thread.get(1)).startsWith(":mag: *Found in SDX* (" + code + ")").contains("job-late").contains("idem-late");
        assertThat(thread.get(2)).startsWith(":gear: SDX job status: *running*");
        assertThat(thread.get(3)).startsWith(":white_check_mark: SDX job status: *completed*");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("SDX job *completed*"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SLOW_SITE)).hasSize(1);
    }

    private static String queue(String siteId) {
        return "/api/asynchronous/" + siteId;
    }

    private static void throttled(String state, String next) {
        Fakes.sdx()
                .stubFor(post(urlEqualTo(queue(THROTTLED_SITE))).inScenario("queue").whenScenarioStateIs(state)
                        .willSetStateTo(next)
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                                .withBody("{\"message\":\"Too Many Attempts.\"}")));
    }

    private static String receipt(String requestId, String key) {
        return "{\"status\":\"success\",\"data\":{\"idempotency_key\":\"" + key + "\",\"request_id\":\"" + requestId
                + "\",\"target\":\"" + THROTTLED_SITE + "\",\"notify_url\":null,\"date\":\"2026-04-20T03:14:15+00:00\"}}";
    }

    private static String job(String id, String key, String description) {
        return "{\"id\":\"" + id + "\",\"site_id\":\"" + SLOW_SITE + "\",\"idempotency_key\":\"" + key
                + "\",\"description\":\"" + description + "\",\"express_execute\":false,\"needs_acknowledgement\":true,"
                + "\"should_backup\":true,\"started_at\":\"2026-04-20T03:15:00+00:00\",\"completed_at\":null,"
                + "\"failed_at\":null,\"created_at\":\"2026-04-20T03:14:15+00:00\",\"script\":\"/system identity print\"}";
    }
}
