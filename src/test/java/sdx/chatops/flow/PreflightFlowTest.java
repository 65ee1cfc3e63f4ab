package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;

/**
 * The pre-flight check between the policy and the approval message: a script that cannot run is
 * refused privately with where the problem is; a risky one is sent for approval with a warning.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class PreflightFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void unbalancedBracketIsRefusedPrivatelyWithLineAndColumnAndNothingIsPosted() throws InterruptedException {
        String ack = ack("/system identity print\n:put [/ip route get 0");

        assertThat(ack).startsWith(":warning: The script cannot run as written (pre-flight check, 1 problem)")
                .contains("• line 2, column 6: `[` is never closed").contains("nothing was queued")
                .doesNotContain("sent for approval");
        assertNothingPostedOrQueued();
    }

    @Test
    void misspeltMenuIsRefusedWithTheNearestKnownMenu() throws InterruptedException {
        assertThat(ack("/sytem reboot"))
                .contains("• line 1, column 1: `/sytem` is not a RouterOS menu; did you mean `/system`?");
        assertNothingPostedOrQueued();
    }

    @Test
    void scriptTextInTheRefusalIsEscaped() throws InterruptedException {
        // Slack sends a typed "<" as "&lt;".
        String ack = ack("/&lt;!channel&gt; print; :put \"x");

        assertThat(ack).contains("`/&lt;!channel&gt;` is not a RouterOS menu").contains("column 25: the string")
                .doesNotContain("<!channel>");
        assertNothingPostedOrQueued();
    }

    @Test
    void riskyScriptIsSentForApprovalWithAPreflightWarningBlock() {
        assertThat(ack("/interface disable ether1\n/system reboot")).contains("sent for approval");

        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval))
                .contains(":warning: *Pre-flight:* `/interface disable` of a management interface ether1 (line 1): may cut"
                        + " management access\n:warning: *Pre-flight:* `/system reboot` (line 2): restarts the router")
                .doesNotContain("Policy warning");
        assertThat(Flow.hasButtons(approval)).isTrue();
    }

    @Test
    void scriptWithoutRisksHasNoWarningBlock() {
        assertThat(ack("/ip address print")).contains("sent for approval");

        assertThat(Flow.visibleText(flow.awaitApprovalMessage())).doesNotContain(":warning:");
    }

    private String ack(String script) {
        return flow.queue("core-rtr-01", script).then().statusCode(200).extract().jsonPath().getString("text");
    }

    private void assertNothingPostedOrQueued() throws InterruptedException {
        Thread.sleep(200);
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();
    }
}
