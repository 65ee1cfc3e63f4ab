package sdx.chatops.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * Slack throttling and failing: every message still arrives, once, in order; a permanent error is
 * given up on without harming anything else.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SlackFaultsFlowTest {

    @Inject
    RequestStore store;

    private static final String RATE_LIMITED = "{\"ok\":false,\"error\":\"ratelimited\"}";
    private static final String SERVER_ERROR = "<html>500 Internal Server Error</html>";

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void slackThrottlingAndServerErrorsDelayButNeitherLoseNorDoubleAnyMessage() {
        Flow flow = new Flow();
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-slack-faults", "idem-slack-faults");
        FakeSlack slack = Fakes.slack();
        slack.failIn(flow.channel, "chat.postMessage", 3, 429, RATE_LIMITED, Map.of("Retry-After", "1"));

        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        // The approval message waits out three Retry-After: 1.
        await().atMost(Duration.ofSeconds(15)).until(() -> !slack.channel(flow.channel).isEmpty());
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(slack.calls("chat.postMessage", flow.channel)).hasSize(3 + 1);

        // Then Slack fails with 500: the decision's edit twice, the receipt twice.
        slack.failIn(flow.channel, "chat.update", 2, 500, SERVER_ERROR, Map.of());
        slack.failIn(flow.channel, "chat.postMessage", 2, 500, SERVER_ERROR, Map.of());
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        // SDX reports progress while the receipt is still failing: the thread must still read in order.
        await().atMost(Duration.ofSeconds(10)).until(() -> SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("chat.postMessage", flow.channel).stream()
                .filter(c -> c.params().containsKey("thread_ts")).toList().isEmpty());
        String token = SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID);
        SdxCallbacks.send(token, "running").then().statusCode(200);
        SdxCallbacks.send(token, "completed").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> flow.thread(approval).size() >= 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() == 3);
        List<String> thread = flow.thread(approval);
        assertThat(thread.get(0)).startsWith(":inbox_tray: *Queued in SDX*").contains("req-slack-faults");
        assertThat(thread.get(1)).startsWith(":gear: SDX job status: *running*");
        assertThat(thread.get(2)).startsWith(":white_check_mark: SDX job status: *completed*");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("SDX job *completed*"));
        assertThat(Flow.hasButtons(approval)).isFalse();
        assertThat(slack.channel(flow.channel)).hasSize(1);
        assertThat(slack.calls("chat.postMessage", flow.channel)).hasSize(3 + 1 + 2 + 3);
        // approved, queued, running, completed: each edit once, whatever failed in between.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> approval.edits == 4);
        assertThat(slack.calls("chat.update", flow.channel)).hasSize(4 + 2);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void channelSlackNoLongerKnowsIsGivenUpOnWhileOtherChannelsKeepWorking() {
        Flow gone = new Flow("CGONE");
        gone.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().calls("chat.postMessage", gone.channel).isEmpty());

        Flow working = new Flow();
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-other-channel", "idem-other-channel");
        working.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = working.awaitApprovalMessage();
        working.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(working.awaitThread(approval, 1).get(0)).startsWith(":inbox_tray: *Queued in SDX*");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Queued in SDX"));

        // channel_not_found is permanent: asked once, never again (retries would be 1 s, 2 s, 4 s ... apart).
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> Fakes.slack().calls("chat.postMessage", gone.channel).size() == 1);
        assertThat(Fakes.slack().channel(gone.channel)).isEmpty();
        assertThat(working.thread(approval)).hasSize(1);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
        Management.given().get("/q/health/live").then().statusCode(200);
        Management.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void approveClickedBeforeTheBotHasRecordedTheApprovalMessageCountsOnceItHas() {
        Flow flow = new Flow();
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-early-click", "idem-early-click");
        FakeSlack slack = Fakes.slack();
        // Slack shows the approval message at once and answers the post 1.5 s later.
        slack.slowIn(flow.channel, "chat.postMessage", 1, Duration.ofMillis(1_500));
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !slack.channel(flow.channel).isEmpty());
        FakeSlack.Message approval = slack.channel(flow.channel).get(0);
        assertThat(store.find(Flow.requestId(approval)).orElseThrow().approvalTs()).as("not recorded yet").isNull();

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        assertThat(flow.awaitThread(approval, 1).get(0)).startsWith(":inbox_tray: *Queued in SDX*")
                .contains("req-early-click");
        assertThat(store.find(Flow.requestId(approval)).orElseThrow().approvalTs()).isEqualTo(approval.ts);
        assertThat(slack.responses()).as("no refusal for the approver").noneMatch(r -> r.id().contains(flow.channel));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void clickOnAnotherMessageWhileTheApprovalMessageIsUnrecordedIsStillRefused() {
        Flow flow = new Flow();
        FakeSlack slack = Fakes.slack();
        slack.slowIn(flow.channel, "chat.postMessage", 1, Duration.ofMillis(500));
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !slack.channel(flow.channel).isEmpty());
        FakeSlack.Message approval = slack.channel(flow.channel).get(0);
        String responseId = flow.channel + "-click-elsewhere";

        SlackRequests.post(SlackRequests.click(flow.channel, Fakes.APPROVER, "sdx_approve", Flow.requestId(approval),
                "1.000001", responseId)).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> slack.responses().stream()
                .anyMatch(r -> r.id().equals(responseId) && r.body().contains("does not belong to that request")));
        assertThat(store.find(Flow.requestId(approval)).orElseThrow().state()).isEqualTo(RequestState.PENDING);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();
    }
}
