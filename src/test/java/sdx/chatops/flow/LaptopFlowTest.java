package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.slack.SlackSocketMode;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.OnALaptop;
import sdx.chatops.testing.SandboxMessages;
import sdx.chatops.testing.SlackRequests;

/**
 * The README's first command: the bot on a laptop with only a Slack app's bot and app-level tokens.
 * Slack arrives over the socket, SDX is the sandbox, jobs are polled; nothing is signed, nothing
 * reaches SDX, and a whole change runs from the command to completed.
 */
@QuarkusTest
@TestProfile(OnALaptop.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class LaptopFlowTest {

    private final Flow flow = new Flow();

    @Inject
    ChatopsConfig config;

    @Inject
    @Readiness
    SlackSocketMode socketMode;

    @BeforeEach
    void connected() {
        Fakes.sdx().resetAll();
        await().atMost(Duration.ofSeconds(20)).until(socketMode::connected);
    }

    @AfterEach
    void nothingReachedSdx() {
        assertThat(Fakes.sdx().getAllServeEvents()).as("requests to the WireMock SDX").isEmpty();
    }

    @Test
    void aWholeChangeRunsWithOnlyTheSlackTokens() {
        assertThat(config.slack().signingSecret()).as("signing secret").isEmpty();
        assertThat(config.sdx().apiToken()).as("SDX token").isEmpty();
        assertThat(config.sdx().publicUrl()).as("public URL").isEmpty();

        JsonNode ack = SocketModeFlowTest.command(flow, SlackRequests.REQUESTER,
                "queue sandbox-core-01 /system identity print");
        assertThat(ack.path("payload").path("text").asText()).startsWith(SandboxMessages.MARKER).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).startsWith(SandboxMessages.MARKER).contains("sandbox-core-01");

        SocketModeFlowTest.click(flow, Fakes.APPROVER, "sdx_approve", approval);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> flow.thread(approval).stream().anyMatch(t -> t.contains("*completed*")));
        assertThat(flow.thread(approval).get(0)).contains("Queued in SDX");
        SandboxMessages.assertEverythingMarked(flow);

        Management.given().get("/q/health/ready").then().statusCode(200);
    }
}
