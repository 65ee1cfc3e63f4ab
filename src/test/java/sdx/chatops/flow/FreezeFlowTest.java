package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;
import sdx.chatops.testing.WithPolicy;

/**
 * Change freezes: admins start and lift them, anyone lists them; while one covers a site new requests
 * are refused and pending ones cannot be approved, except break-glass requests, which need one
 * approval more and are marked EMERGENCY. Freezes end by themselves. Only the freeze-lab-* site is
 * frozen here, so the other policy flows sharing this bot are not affected.
 */
@QuarkusTest
@TestProfile(WithPolicy.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class FreezeFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.FREEZE_LAB_ID, "req-fz", "idem-fz");
    }

    @AfterEach
    void thaw() {
        ack(WithPolicy.ADMIN, "unfreeze all");
    }

    private String ack(String user, String text) {
        return flow.command(user, text).then().statusCode(200).extract().jsonPath().getString("text");
    }

    @Test
    void onlyAdminsFreezeAndLiftButAnyoneListsFreezes() {
        assertThat(ack(SlackRequests.REQUESTER, "freeze freeze-lab-* 1h maintenance")).contains("Only admins")
                .contains("<@" + WithPolicy.ADMIN + ">");
        assertThat(ack(SlackRequests.REQUESTER, "freezes")).contains("No change freeze is active");
        String started = ack(WithPolicy.ADMIN, "freeze freeze-lab-* 1h quarterly maintenance");
        assertThat(started).contains(":snowflake: Freeze").contains("`freeze-lab-*`").contains("quarterly maintenance");
        String id = started.replaceFirst("(?s).*?Freeze (\\d+).*", "$1");
        assertThat(ack(SlackRequests.REQUESTER, "freezes")).contains("• " + id + ": `freeze-lab-*`")
                .contains("by <@" + WithPolicy.ADMIN + ">: quarterly maintenance");
        assertThat(ack(SlackRequests.REQUESTER, "unfreeze " + id)).contains("Only admins");
        assertThat(ack(WithPolicy.ADMIN, "unfreeze " + id)).contains("Lifted freeze " + id);
        assertThat(ack(WithPolicy.ADMIN, "unfreeze " + id)).contains("There is no active freeze " + id);
        assertThat(ack(SlackRequests.REQUESTER, "freezes")).contains("No change freeze is active");
    }

    @Test
    void frozenSiteRefusesNewRequestsWithReasonAdminAndEnd() throws Exception {
        ack(WithPolicy.ADMIN, "freeze freeze-lab-* 1h core upgrade");
        String refused = ack(SlackRequests.REQUESTER, "queue freeze-lab-01 /ip address print");
        assertThat(refused).contains("freeze-lab-01 is in a change freeze until <!date^")
                .contains("by <@" + WithPolicy.ADMIN + ">")
                .contains("core upgrade").contains("--emergency");
        Thread.sleep(300);
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
        assertThat(ack(SlackRequests.REQUESTER, "queue core-rtr-01 /ip address print")).contains("sent for approval");
    }

    @Test
    void approvalOfAPendingRequestWaitsUntilTheFreezeIsLifted() {
        assertThat(ack(SlackRequests.REQUESTER, "queue freeze-lab-01 /ip address print")).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        ack(WithPolicy.ADMIN, "freeze freeze-lab-* 1h incident 4711");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("is in a change freeze").contains("cannot be approved now");
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.FREEZE_LAB_ID)).isEmpty();

        ack(WithPolicy.ADMIN, "unfreeze all");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
    }

    @Test
    void emergencyRequestPassesTheFreezeNeedsOneMoreApprovalAndSaysSoEverywhere() {
        ack(WithPolicy.ADMIN, "freeze freeze-lab-* 1h change freeze");
        String ack = ack(SlackRequests.REQUESTER, "queue --emergency \"uplink down\" freeze-lab-01 /interface enable ether1");
        assertThat(ack).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).contains("*EMERGENCY*").contains("uplink down").contains("Approvals 0 of 2");
        assertThat(approval.text).doesNotContain("<!");

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("1 of 2"));
        flow.approve(WithPolicy.APPROVER_2, approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
        String description = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.FREEZE_LAB_ID).get(0).getBodyAsString())
                .path("description").asText();
        assertThat(description).startsWith(Flow.code(approval) + " EMERGENCY");
        String trail = ack(SlackRequests.REQUESTER, "audit " + Flow.code(approval));
        assertThat(trail).contains("emergency_reason=uplink down").contains("required_approvals=2");
    }

    @Test
    void freezeEndsByItself() {
        ack(WithPolicy.ADMIN, "freeze freeze-lab-* 5s short window");
        assertThat(ack(SlackRequests.REQUESTER, "queue freeze-lab-01 /ip address print")).contains("change freeze");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> ack(SlackRequests.REQUESTER, "queue freeze-lab-01 /ip address print")
                        .contains("sent for approval"));
    }

    @Test
    void freezeOfEverySiteFromChatIsBoundedAndNamed() {
        assertThat(ack(WithPolicy.ADMIN, "freeze all 31d forever")).contains("lasts at most 30d");
        assertThat(ack(WithPolicy.ADMIN, "freeze freeze-lab-[ 1h x")).contains("has a [ without its ]");
    }
}
