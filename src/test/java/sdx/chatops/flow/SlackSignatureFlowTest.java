package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** Requests that Slack did not sign get 401 and change nothing. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SlackSignatureFlowTest {

    private final Flow flow = new Flow();
    private byte[] body;

    @BeforeEach
    void command() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        body = SlackRequests.encode(SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER,
                "queue core-rtr-01 /system reboot", flow.channel + "-cmd")).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void wrongSecretIsRefusedAndNothingHappens() throws Exception {
        String now = now(0);
        SlackRequests.post(body, now, SlackRequests.sign("not-the-secret", now, body)).then().statusCode(401);
        assertNothingHappened();
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        String now = now(0);
        String signature = SlackRequests.sign(Fakes.SIGNING_SECRET, now, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("reboot", "resets").getBytes(StandardCharsets.UTF_8);
        SlackRequests.post(tampered, now, signature).then().statusCode(401);
        assertNothingHappened();
    }

    @Test
    void missingSignatureOrTimestampIsRefused() throws Exception {
        String now = now(0);
        SlackRequests.post(body, now, null).then().statusCode(401);
        SlackRequests.post(body, null, SlackRequests.sign(Fakes.SIGNING_SECRET, now, body)).then().statusCode(401);
        assertNothingHappened();
    }

    @Test
    void staleAndFutureTimestampsAreRefusedEvenWhenCorrectlySigned() throws Exception {
        for (long offset : new long[] { -310, 310, -3600, 86_400 }) {
            String ts = now(offset);
            SlackRequests.post(body, ts, SlackRequests.sign(Fakes.SIGNING_SECRET, ts, body)).then().statusCode(401);
        }
        assertNothingHappened();
    }

    @Test
    void correctlySignedRequestIsAccepted() {
        String ts = now(-60);
        SlackRequests.post(body, ts, SlackRequests.sign(Fakes.SIGNING_SECRET, ts, body)).then().statusCode(200);
        assertThat(flow.awaitApprovalMessage()).isNotNull();
    }

    private void assertNothingHappened() throws InterruptedException {
        Thread.sleep(300);
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
        assertThat(flow.ephemeralTexts()).isEmpty();
        // Background checks of other tests' jobs may poll SDX meanwhile; what this command would cause is a site
        // look-up or a queued job.
        assertThat(Fakes.sdx().getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().startsWith("/site-minimal")
                || e.getRequest().getUrl().startsWith("/api/asynchronous"));
    }

    private static String now(long offsetSeconds) {
        return String.valueOf(Instant.now().getEpochSecond() + offsetSeconds);
    }
}
