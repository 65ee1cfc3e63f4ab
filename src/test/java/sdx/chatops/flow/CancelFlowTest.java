package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** {@code /sdx cancel}: pending requests are withdrawn, queued jobs cancelled in SDX until the router starts them. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class CancelFlowTest {

    private static final String JOB = "00000000-0000-0000-0000-000000000001";
    private static final String DELETE_PATH = "/site/" + SdxStubs.CORE_ID + "/job/" + JOB;
    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-cancel", "idem-cancel");
        Fakes.slack().group(Fakes.APPROVER_GROUP, "UGROUPMEMBER");
    }

    private String ack(String user, String text) {
        return flow.command(user, text).then().statusCode(200).extract().jsonPath().getString("text");
    }

    @Test
    void pendingRequestIsWithdrawnByItsRequester() {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(ack(SlackRequests.REQUESTER, "cancel " + Flow.code(approval))).contains("is withdrawn");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("Withdrawn by"));
    }

    @Test
    void queuedJobNotStartedIsCancelledInSdxByAnApprover() {
        Fakes.sdx().stubFor(delete(urlEqualTo(DELETE_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
        FakeSlack.Message approval = flow.queuedAndReported("pending");
        assertThat(ack("UGROUPMEMBER", "cancel " + Flow.code(approval))).contains("SDX cancelled the job");
        Fakes.sdx().verify(1, deleteRequestedFor(urlEqualTo(DELETE_PATH)));
        assertThat(flow.awaitThread(approval, 3).get(2)).contains("*Cancelled in SDX*").contains("by <@UGROUPMEMBER>");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("deleted"));
        assertThat(ack(SlackRequests.REQUESTER, "audit " + Flow.code(approval)))
                .contains("*cancel requested* by <@UGROUPMEMBER>"
                        + " (queued → deleted): outcome=cancelled");
    }

    @Test
    void jobTheRouterAlreadyStartedIsExplainedPlainly() {
        Fakes.sdx().stubFor(delete(urlEqualTo(DELETE_PATH)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody("{\"type\":\"invalid_request_error\","
                        + "\"code\":\"job_already_started\",\"message\":\"The job has already started.\"}")));
        FakeSlack.Message approval = flow.queuedAndReported("loaded");
        assertThat(ack(SlackRequests.REQUESTER, "cancel " + Flow.code(approval))).contains("Too late to cancel")
                .contains("already started");
        assertThat(flow.awaitThread(approval, 3).get(2)).contains("asked to cancel").contains("already started");
    }

    @Test
    void runningJobIsNotSentToSdxToCancel() {
        FakeSlack.Message approval = flow.queuedAndReported("running");
        assertThat(ack(SlackRequests.REQUESTER, "cancel " + Flow.code(approval))).contains("Too late to cancel");
        Fakes.sdx().verify(0, deleteRequestedFor(urlEqualTo(DELETE_PATH)));
    }

    @Test
    void someoneWithoutARoleCannotCancelAndEndedRequestsHaveNothingToCancel() {
        FakeSlack.Message approval = flow.queuedAndReported("completed");
        assertThat(ack("UOUTSIDER", "cancel " + Flow.code(approval))).contains("Only the requester of");
        assertThat(ack(SlackRequests.REQUESTER, "cancel " + Flow.code(approval))).contains("has already ended (completed)");
        assertThat(ack(SlackRequests.REQUESTER, "cancel SDX-000000")).contains("I know no request");
    }

    @Test
    void sdxRefusingToCancelIsReportedAndTheJobStaysQueued() {
        Fakes.sdx().stubFor(delete(urlEqualTo(DELETE_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Forbidden <!channel>\"}")));
        FakeSlack.Message approval = flow.queuedAndReported("pending");
        String answer = ack(SlackRequests.REQUESTER, "cancel " + Flow.code(approval));
        assertThat(answer).contains("was not cancelled").contains("403").doesNotContain("<!channel>");
        assertThat(flow.awaitThread(approval, 3).get(2)).contains("SDX did not cancel it").doesNotContain("<!channel>");
    }
}
