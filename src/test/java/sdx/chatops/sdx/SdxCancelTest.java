package sdx.chatops.sdx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.CancelOutcome;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.SdxStubs;

/** {@code SdxJobs.cancel} against a WireMock SDX: {@code DELETE /site/{siteId}/job/{jobId}} and SDX's answers. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SdxCancelTest {

    private static final String JOB_ID = "7d1c0e2a-0b7e-4b8e-9f51-2f0a6c3d9e10";
    private static final String PATH = "/site/" + SdxStubs.CORE_ID + "/job/" + JOB_ID;

    @Inject
    SdxJobs sdx;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
    }

    private void answers(int status, String body) {
        Fakes.sdx().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void jobNotStartedYetIsCancelledWithOneDeleteCarryingTheToken() {
        answers(200, "{\"status\":\"success\"}");

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID)).isEqualTo(new CancelOutcome.Cancelled());

        Fakes.sdx().verify(1, deleteRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + Fakes.SDX_TOKEN)));
    }

    @Test
    void emptyAnswerOfSuccessIsCancelledToo() {
        Fakes.sdx().stubFor(delete(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID)).isEqualTo(new CancelOutcome.Cancelled());
    }

    @Test
    void jobAlreadyStartedIsToldApartWithSdxMessage() {
        answers(400, "{\"type\":\"invalid_request_error\",\"code\":\"job_already_started\","
                + "\"message\":\"The job has already started and can no longer be cancelled.\","
                + "\"doc_url\":\"https://docs.example/errors#job_already_started\"}");

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID))
                .isEqualTo(new CancelOutcome.AlreadyStarted("The job has already started and can no longer be cancelled."));
    }

    @Test
    void unknownJobIsNotFound() {
        answers(404, "{\"message\":\"Not Found\"}");

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID)).isEqualTo(new CancelOutcome.NotFound());
    }

    @Test
    void sdxInternalErrorIsUnavailableSoAskingAgainIsSafe() {
        answers(500, "{\"message\":\"Server Error\"}");

        CancelOutcome outcome = sdx.cancel(SdxStubs.CORE_ID, JOB_ID);

        assertThat(outcome).isInstanceOf(CancelOutcome.Unavailable.class);
        assertThat(((CancelOutcome.Unavailable) outcome).reason()).isEqualTo("SDX answered 500: Server Error");
        // One 500 is not an outage: the next call goes through (the breaker opens after several in a row).
        answers(200, "{\"status\":\"success\"}");
        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID)).isEqualTo(new CancelOutcome.Cancelled());
    }

    @Test
    void tokenWithoutPermissionIsRefusedWithTheAuthLayersMessage() {
        answers(403, "{\"message\":\"This action is unauthorized.\"}");

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID))
                .isEqualTo(new CancelOutcome.Refused(403, null, "This action is unauthorized."));
    }

    @Test
    void refusedTokenWithoutMessageIsRefusedWithOurs() {
        answers(401, "");

        CancelOutcome outcome = sdx.cancel(SdxStubs.CORE_ID, JOB_ID);

        assertThat(outcome).isEqualTo(new CancelOutcome.Refused(401, null, "the SDX token was not accepted"));
        assertThat(((CancelOutcome.Refused) outcome).describe()).isEqualTo("401: the SDX token was not accepted");
    }

    @Test
    void throttledIsUnavailable() {
        answers(429, "{\"message\":\"Too Many Attempts.\"}");

        assertThat(sdx.cancel(SdxStubs.CORE_ID, JOB_ID)).isInstanceOf(CancelOutcome.Unavailable.class);
    }
}
