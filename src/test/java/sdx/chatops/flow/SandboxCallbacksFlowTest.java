package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.approval.CancelOutcome;
import sdx.chatops.approval.SdxJob;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.sdx.SandboxSdx;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.InSandboxWithCallbacks;
import sdx.chatops.testing.SandboxMessages;

/**
 * The sandbox calling the bot back: SDX_PUBLIC_URL is the bot's own test port, so the simulation posts each
 * status to {@code /sdx/notify/<token>} as SDX would. Polling would start only after the default 10-minute
 * callback grace, so every status in the thread came by callback.
 */
@QuarkusTest
@TestProfile(InSandboxWithCallbacks.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SandboxCallbacksFlowTest {

    private final Flow flow = new Flow();

    @Inject
    SdxJobs sdx;

    @BeforeEach
    void noSdx() {
        Fakes.sdx().resetAll();
    }

    @AfterEach
    void nothingReachedSdx() {
        assertThat(Fakes.sdx().getAllServeEvents()).as("requests to the WireMock SDX").isEmpty();
    }

    @Test
    void sandboxCallsBackRunningAndCompletedIntoTheThread() {
        String ack = flow.queue("sandbox-branch-01", "/system identity print").then().statusCode(200).extract()
                .jsonPath().getString("text");
        assertThat(ack).startsWith(SandboxMessages.MARKER);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = awaitThreadWith(approval, "*completed*");

        assertThat(thread.get(0)).contains("Queued in SDX").contains("sandbox-branch-01");
        assertThat(thread).filteredOn(reply -> reply.contains("SDX job status")).hasSize(2);
        assertThat(thread.get(1)).contains("*running*");
        assertThat(thread.get(2)).contains("*completed*");
        SandboxMessages.assertEverythingMarked(flow);
    }

    @Test
    void scriptWithErrorIsCalledBackFailed() {
        flow.queue("sandbox-branch-02", ":error \"simulated\"").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = awaitThreadWith(approval, "*failed*");

        assertThat(thread).noneSatisfy(reply -> assertThat(reply).contains("*completed*"));
        SandboxMessages.assertEverythingMarked(flow);
    }

    @Test
    void pendingJobCancelledInTheSandboxIsCalledBackDeleted() {
        flow.queue("sandbox-offline-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        String receipt = awaitThreadWith(approval, "Queued in SDX").get(0);

        SdxJob job = await().atMost(Duration.ofSeconds(5)).until(() -> sdx.jobs(SandboxSdx.OFFLINE.id()).stream()
                .filter(j -> receipt.contains(j.idempotencyKey())).findFirst().orElse(null), j -> j != null);
        assertThat(sdx.cancel(SandboxSdx.OFFLINE.id(), job.id())).isEqualTo(new CancelOutcome.Cancelled());

        assertThat(awaitThreadWith(approval, "*deleted*")).last().asString().contains("removed from SDX before it ran");
        SandboxMessages.assertEverythingMarked(flow);
    }

    private List<String> awaitThreadWith(FakeSlack.Message approval, String text) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> flow.thread(approval).stream().anyMatch(reply -> reply.contains(text)));
        return flow.thread(approval);
    }
}
