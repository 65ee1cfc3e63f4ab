package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

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
 * Change control with a policy file (testing/WithPolicy): each outcome of the policy for a new
 * request, N distinct approvals, expiry, the approvals channel, and approvers checked on every click.
 */
@QuarkusTest
@TestProfile(WithPolicy.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class PolicyFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-core", "idem-core");
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-edge", "idem-edge");
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.OFFLINE_ID, "req-off", "idem-off");
        Fakes.slack().group(WithPolicy.LEADS_GROUP, "ULEADMEMBER");
    }

    private String ack(Flow in, String user, String text) {
        return in.command(user, text).then().statusCode(200).extract().jsonPath().getString("text");
    }

    private FakeSlack.Message pendingOnCore(String script) {
        assertThat(ack(flow, SlackRequests.REQUESTER, "queue core-rtr-01 " + script)).contains("sent for approval");
        return flow.awaitApprovalMessage();
    }

    private void assertNothingQueuedOrPosted(Flow in) throws InterruptedException {
        Thread.sleep(300);
        assertThat(Fakes.slack().channel(in.channel)).isEmpty();
        assertThat(Fakes.sdx().getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().startsWith("/api/asynchronous"));
    }

    @Test
    void allowedRequestShowsItsRuleTheApprovalsNeededAndTheForcedBackup() {
        String ack = ack(flow, SlackRequests.REQUESTER, "queue --no-backup core-rtr-01 /ip address print");
        assertThat(ack).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).contains("rule *core routers*").contains("Approvals 0 of 2")
                .contains("make_backup=true");
    }

    @Test
    void twoOfThreeApproversSubmitOnceAndTheSameApproverCountsOnce() {
        FakeSlack.Message approval = pendingOnCore("/ip address print");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approvals 1 of 2: <@" + Fakes.APPROVER + ">"));
        assertThat(Flow.hasButtons(approval)).isTrue();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("You already approved").contains("(1 of 2)");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();

        flow.approve(WithPolicy.APPROVER_2, approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
        assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">, <@" + WithPolicy.APPROVER_2 + ">");
        flow.approve(WithPolicy.APPROVER_3, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(2).get(1)).contains("was already approved");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).size() == 1);
        assertThat(Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).get(0).getBodyAsString())
                .path("description").asText()).contains("approved by " + Fakes.APPROVER + " " + WithPolicy.APPROVER_2);
    }

    @Test
    void oneRejectByAnAllowedApproverRejectsAfterAnApproval() {
        FakeSlack.Message approval = pendingOnCore("/ip address print");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("1 of 2"));
        flow.click(WithPolicy.APPROVER_2, "sdx_reject", approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Rejected by <@" + WithPolicy.APPROVER_2 + ">"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();
    }

    @Test
    void approverWhoLeftTheGroupIsRefusedAtTheClick() throws Exception {
        FakeSlack.Message approval = pendingOnCore("/ip address print");
        Fakes.slack().group(WithPolicy.LEADS_GROUP);
        flow.approve("ULEADMEMBER", approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("lets only").contains("approve or reject this change");
        Thread.sleep(300);
        assertThat(Flow.visibleText(approval)).contains("Approvals 0 of 2");
    }

    @Test
    void groupMemberMayApprove() {
        FakeSlack.Message approval = pendingOnCore("/ip address print");
        flow.approve("ULEADMEMBER", approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approvals 1 of 2: <@ULEADMEMBER>"));
    }

    @Test
    void noRuleIsRefusedNamingChannelSiteAndTheAdmins() throws Exception {
        String ack = ack(flow, SlackRequests.REQUESTER, "queue " + SdxStubs.BRANCH_A_ID + " /ip address print");
        assertThat(ack).contains("No policy rule allows changes to branch (`" + SdxStubs.BRANCH_A_ID + "`) from <#"
                + flow.channel + ">").contains("Ask an admin: <@" + WithPolicy.ADMIN + ">");
        assertNothingQueuedOrPosted(flow);
    }

    @Test
    void ruleBoundToAChannelRefusesOtherChannelsAndAllowsItsOwn() throws Exception {
        assertThat(ack(flow, SlackRequests.REQUESTER, "queue offline-rtr /ip address print")).contains("No policy rule");
        assertNothingQueuedOrPosted(flow);
        Flow ops = Flow.in(WithPolicy.OPS_CHANNEL);
        assertThat(ack(ops, SlackRequests.REQUESTER, "queue offline-rtr /ip address print")).contains("sent for approval");
        assertThat(Flow.visibleText(ops.awaitApprovalMessage())).contains("rule *ops channel only*");
    }

    @Test
    void someoneWhoIsNotARequesterIsRefused() throws Exception {
        String ack = ack(flow, "UOUTSIDER", "queue core-rtr-01 /ip address print");
        assertThat(ack).contains("Rule *core routers* lets only <@UAPPROVER1>, <@UREQUESTER> request changes here");
        assertNothingQueuedOrPosted(flow);
    }

    @Test
    void deniedPatternIsRefusedWithItsReason() throws Exception {
        String ack = ack(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system reset-configuration no-defaults=yes");
        assertThat(ack).contains("Refused by rule *core routers*: factory resets are never done from chat");
        assertNothingQueuedOrPosted(flow);
    }

    @Test
    void warningPatternIsShownOnTheApprovalMessage() {
        FakeSlack.Message approval = pendingOnCore("/ip service disable telnet");
        assertThat(Flow.visibleText(approval)).contains(":warning: *Policy warning:* may cut management access");
    }

    @Test
    void pendingRequestExpiresAfterItsTtlAndTheRequesterIsToldInTheThread() throws Exception {
        assertThat(ack(flow, SlackRequests.REQUESTER, "queue lab-rtr-01 /ip address print")).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Expired after 2s, nobody approved"));
        assertThat(Flow.hasButtons(approval)).isFalse();
        assertThat(flow.awaitThread(approval, 1).get(0))
                .startsWith("<@" + SlackRequests.REQUESTER + "> :alarm_clock: *Expired*")
                .contains("nobody approved it within 2s");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("has expired");
        Thread.sleep(300);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.LAB_ID)).isEmpty();
    }

    @Test
    void approvalsChannelGetsTheButtonsAndTheRequestersChannelAPointerWithTheOutcome() {
        assertThat(ack(flow, SlackRequests.REQUESTER, "queue \"Edge Router\" /ip address print")).contains("sent for approval");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().channel(flow.channel).isEmpty());
        FakeSlack.Message pointer = Fakes.slack().channel(flow.channel).get(0);
        assertThat(pointer.text).contains("is waiting for approval in <#" + WithPolicy.APPROVALS_CHANNEL + ">");
        String code = pointer.text.replaceFirst("(?s).*?(SDX-[0-9A-Z]{6}).*", "$1");
        FakeSlack.Message approval = Fakes.slack().channel(WithPolicy.APPROVALS_CHANNEL).stream()
                .filter(m -> Flow.visibleText(m).contains(code)).findFirst().orElseThrow();
        assertThat(Flow.hasButtons(approval)).isTrue();

        Flow approvals = Flow.in(WithPolicy.APPROVALS_CHANNEL);
        approvals.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Fakes.slack().channel(flow.channel).get(0).text)
                .contains("was approved by <@" + Fakes.APPROVER + ">"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Fakes.slack()
                .thread(WithPolicy.APPROVALS_CHANNEL, approval.ts)).extracting(m -> m.text)
                        .anyMatch(t -> t.contains("Queued in SDX")));
    }

    @Test
    void clickOnThePointerIsNotAClickOnTheApprovalMessage() {
        assertThat(ack(flow, SlackRequests.REQUESTER, "queue \"Edge Router\" /ip address print")).contains("sent for approval");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().channel(flow.channel).isEmpty());
        FakeSlack.Message pointer = Fakes.slack().channel(flow.channel).get(0);
        String code = pointer.text.replaceFirst("(?s).*?(SDX-[0-9A-Z]{6}).*", "$1");
        FakeSlack.Message approval = Fakes.slack().channel(WithPolicy.APPROVALS_CHANNEL).stream()
                .filter(m -> Flow.visibleText(m).contains(code)).findFirst().orElseThrow();
        SlackRequests.post(SlackRequests.click(flow.channel, Fakes.APPROVER, "sdx_approve", Flow.requestId(approval),
                pointer.ts, flow.channel + "-click")).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("does not belong to that request");
    }

    @Test
    void everyRefusalIsPrivateAndNamesItsReason() {
        List<String> answers = List.of(ack(flow, "UOUTSIDER", "queue core-rtr-01 /x"),
                ack(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system reset-configuration"));
        assertThat(answers).allMatch(a -> a.startsWith(":no_entry:"));
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
    }
}
