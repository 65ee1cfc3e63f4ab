package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;
import sdx.chatops.testing.WithPolicy;

/** The policy file changes while the bot runs (a ConfigMap update): a good file is used, a bad one is not. */
@QuarkusTest
@TestProfile(PolicyReloadFlowTest.Reloadable.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class PolicyReloadFlowTest {

    static final String ONLY_CORE = """
            rules:
              - name: core only
                channels: ["*"]
                sites: ["core-*"]
                approvers: [UAPPROVER1]
            """;
    static final String CORE_AND_EDGE = ONLY_CORE + """
              - name: edge too
                channels: ["*"]
                sites: ["Edge Router"]
                approvers: [UAPPROVER1]
            """;
    static final Path FILE = WithPolicy.write(ONLY_CORE);

    /** The policy file above, re-read every 300 ms. */
    public static class Reloadable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("SDX_POLICY_FILE", FILE.toString(), "chatops.policy.reload-interval", "300ms");
        }
    }

    private final Flow flow = new Flow();
    private final LogCapture log = LogCapture.install();

    @BeforeEach
    void fakes() throws Exception {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        Files.writeString(FILE, ONLY_CORE);
        await().atMost(Duration.ofSeconds(10)).until(() -> ack("queue \"Edge Router\" /x").contains("No policy rule"));
    }

    private String ack(String text) {
        return flow.command(SlackRequests.REQUESTER, text).then().statusCode(200).extract().jsonPath().getString("text");
    }

    @Test
    void goodNewFileIsUsedWithoutARestart() throws Exception {
        Files.writeString(FILE, CORE_AND_EDGE);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> ack("queue \"Edge Router\" /ip address print").contains("sent for approval"));
        assertThat(Flow.visibleText(flow.awaitApprovalMessage())).contains("rule *edge too*");
    }

    @Test
    void badNewFileKeepsTheLastGoodPolicyAndLogsAnError() throws Exception {
        int mark = log.mark();
        Files.writeString(FILE, CORE_AND_EDGE.replace("approvers: [UAPPROVER1]\n", "approvers: [not-an-id]\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.since(mark).stream()
                .anyMatch(l -> l.level().getName().equals("ERROR") && l.message().contains(FILE.toString())
                        && l.message().contains("approvers")));
        assertThat(ack("queue core-rtr-01 /ip address print")).contains("sent for approval");
        assertThat(ack("queue \"Edge Router\" /ip address print")).contains("No policy rule");
    }
}
