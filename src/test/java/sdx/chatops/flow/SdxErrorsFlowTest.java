package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;

/** When SDX refuses or does not answer, the thread says so and why; nothing is re-sent blindly. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SdxErrorsFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @ParameterizedTest(name = "SDX {0} is reported as a failed submission")
    @CsvSource(delimiter = '|', value = {
            "401|{\"message\":\"Unauthorized or invalid token provided.\"}|401: Unauthorized or invalid token provided.",
            "403|{\"type\":\"invalid_request_error\",\"code\":\"missing_permission\",\"message\":\"scripts:write required\"}|403 missing_permission: scripts:write required",
            "404|{\"message\":\"Site not found.\"}|404: Site not found.",
            "422|{\"message\":\"The script field must not be greater than 2000 characters.\",\"errors\":{\"script\":[\"too long\"]}}|422: The script field must not be greater than 2000 characters.",
            "500|<html>Server Error</html>|500: SDX had an internal error",
            "503||503: SDX had an internal error" })
    void sdxErrorAnswerIsReportedInTheThreadAndNothingIsQueued(int status, String body, String expected) {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body == null ? "" : body)));
        FakeSlack.Message approval = approved();

        String reply = flow.awaitThread(approval, 1).get(0);
        assertThat(reply).contains("Submission failed").contains(expected.replace("<", "&lt;").replace(">", "&gt;"))
                .doesNotContain(Fakes.SDX_TOKEN).doesNotContain("Exception").doesNotContain("\tat ");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("Not queued"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @ParameterizedTest(name = "a gateway {0} is an unknown outcome, not a failure")
    @org.junit.jupiter.params.provider.ValueSource(ints = { 502, 504 })
    void gatewayErrorIsReportedAsUnknownBecauseSdxMayHaveQueuedTheJob(int status) {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withStatus(status).withBody("<html>Bad Gateway</html>")));
        FakeSlack.Message approval = approved();
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Outcome unknown").contains("gateway answered " + status);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void timeoutAfterSendingIsReportedAsUnknownAndNotResent() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-slow", "idem-slow");
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(4_000).withBody("{\"status\":\"success\",\"data\":{\"request_id\":\"late\"}}")));
        FakeSlack.Message approval = approved();

        String reply = flow.awaitThread(approval, 1).get(0);
        assertThat(reply).contains("Outcome unknown").contains("not sent again").doesNotContain("Exception");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("Outcome unknown"));
        Thread.sleep(1_500);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void connectionResetAfterSendingIsReportedAsUnknown() {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FakeSlack.Message approval = approved();
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Outcome unknown");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void successWithUnreadableReceiptIsUnknownNotFailed() {
        Fakes.sdx().stubFor(post(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .willReturn(aResponse().withStatus(200).withBody("<html>ok</html>")));
        FakeSlack.Message approval = approved();
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Outcome unknown").contains("receipt could not be read");
    }

    private FakeSlack.Message approved() {
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        return approval;
    }
}
