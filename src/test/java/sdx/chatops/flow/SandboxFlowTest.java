package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.sdx.SandboxSdx;
import sdx.chatops.sdx.SdxClient;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.InSandbox;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SandboxMessages;

/**
 * The whole flow with SDX_SANDBOX=true and no SDX fake at all: no SDX_API_TOKEN, no SDX_PUBLIC_URL, so the
 * bot polls the built-in simulation. WireMock (started by {@link Fakes} regardless) must see nothing.
 */
@QuarkusTest
@TestProfile(InSandbox.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SandboxFlowTest {

    private final Flow flow = new Flow();

    @Inject
    SdxJobs sdx;

    @Inject
    ChatopsConfig config;

    @BeforeEach
    void noSdx() {
        Fakes.sdx().resetAll();
    }

    @AfterEach
    void nothingReachedSdx() {
        assertThat(Fakes.sdx().getAllServeEvents()).as("requests to the WireMock SDX").isEmpty();
    }

    @Test
    void queueApproveAndTheSandboxJobRunsToCompletedByPolling() {
        String ack = flow.queue("sandbox-core-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");
        assertThat(ack).startsWith(SandboxMessages.MARKER).contains("sent for approval").contains("sandbox-core-01");

        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).startsWith(SandboxMessages.MARKER).contains("sandbox-core-01")
                .contains(SandboxSdx.CORE.id());
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = awaitStatus(approval, "completed");
        assertThat(thread.get(0)).contains("Queued in SDX").contains("sandbox-core-01");
        assertThat(thread).anySatisfy(reply -> assertThat(reply).contains("SDX job status: *running*"));
        assertThat(indexOf(thread, "*running*")).isLessThan(indexOf(thread, "*completed*"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("completed"));
        SandboxMessages.assertEverythingMarked(flow);
    }

    @Test
    void scriptWithErrorEndsFailed() {
        flow.queue("sandbox-edge-01", "/ip address print; :error \"simulated failure\"").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = awaitStatus(approval, "failed");

        assertThat(thread).noneSatisfy(reply -> assertThat(reply).contains("*completed*"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("failed"));
        SandboxMessages.assertEverythingMarked(flow);
    }

    @Test
    void offlineSandboxSiteIsFlaggedAndItsJobStaysPending() throws Exception {
        flow.queue("sandbox-offline-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).contains("not checking in");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        awaitStatus(approval, "pending");
        Thread.sleep(2_000);

        assertThat(flow.thread(approval)).noneSatisfy(reply -> assertThat(reply).contains("*running*"));
        SandboxMessages.assertEverythingMarked(flow);
    }

    @Test
    void refusalsAndUsageArePrivateAndMarkedToo() {
        String usage = flow.command("UREQUESTER", "help").then().statusCode(200).extract().jsonPath().getString("text");
        String unknown = flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");

        assertThat(usage).startsWith(SandboxMessages.MARKER);
        assertThat(unknown).startsWith(SandboxMessages.MARKER).contains("core-rtr-01");
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
    }

    @Test
    void readinessReportsTheSandboxAndStaysUp() {
        JsonPath health = Management.given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'sdx' }.status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'sdx' }.data.mode")).isEqualTo("sandbox");
    }

    @Test
    void runsWithoutSdxApiTokenOrPublicUrlAndNeverBuildsTheRealClient() throws Exception {
        assertThat(config.sdx().apiToken()).isEmpty();
        assertThat(config.sdx().publicUrl()).isEmpty();
        assertThat(sdx.sites()).isEqualTo(SandboxSdx.SITES);
        Set<Bean<?>> live = Arc.container().beanManager().getBeans(SdxClient.class);
        assertThat(live).hasSize(1);
        assertThat(Arc.container().getActiveContext(ApplicationScoped.class).get(live.iterator().next()))
                .as("the SdxClient instance (and its REST client)").isNull();
    }

    private List<String> awaitStatus(FakeSlack.Message approval, String status) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> flow.thread(approval).stream().anyMatch(reply -> reply.contains("*" + status + "*")));
        return flow.thread(approval);
    }

    private static int indexOf(List<String> thread, String text) {
        for (int i = 0; i < thread.size(); i++) {
            if (thread.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
