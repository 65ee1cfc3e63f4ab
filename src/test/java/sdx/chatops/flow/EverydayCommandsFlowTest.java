package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;
import sdx.chatops.testing.WithPolicy;

/** The commands people reach for between changes, each answered privately and within the policy. */
@QuarkusTest
@TestProfile(WithPolicy.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class EverydayCommandsFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-day", "idem-day");
        Fakes.slack().group(WithPolicy.LEADS_GROUP, "ULEADMEMBER");
    }

    private String ack(String user, String text) {
        return flow.command(user, text).then().statusCode(200).extract().jsonPath().getString("text");
    }

    @Test
    void sitesListsNameUuidStateVersionAndTheRuleForThisChannel() {
        String sites = ack(SlackRequests.REQUESTER, "sites");
        assertThat(sites).contains(":large_green_circle: core-rtr-01 `" + SdxStubs.CORE_ID + "` · online · RouterOS 7.16.2"
                + " · rule *core routers*").contains(":red_circle: offline-rtr `" + SdxStubs.OFFLINE_ID + "` · not checking in")
                .contains(
                        "branch `" + SdxStubs.BRANCH_A_ID + "` · online · RouterOS 7.16.2 · no rule allows changes from here");
        assertThat(ack(SlackRequests.REQUESTER, "sites CORE")).contains("core-rtr-01").doesNotContain("offline-rtr");
        assertThat(ack(SlackRequests.REQUESTER, "sites nothing-like-this")).contains("SDX has no site matching");
        assertThat(ack(SlackRequests.REQUESTER, "sites --page 0")).contains("`--page` counts from 1");
    }

    @Test
    void statusShowsStateApprovalsSdxIdsAndTheJobTimeline() {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String code = Flow.code(approval);
        assertThat(ack(SlackRequests.REQUESTER, "status " + code)).contains("*State:* pending · Approvals 0 of 2");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Flow.visibleText(approval).contains("1 of 2"));
        flow.approve(WithPolicy.APPROVER_2, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), "running").then().statusCode(200);
        flow.awaitThread(approval, 2);

        String status = ack(SlackRequests.REQUESTER, "status " + code.toLowerCase());
        assertThat(status).contains("*" + code + "* on core-rtr-01").contains("*State:* running")
                .contains("approved by <@" + Fakes.APPROVER + ">, <@" + WithPolicy.APPROVER_2 + ">")
                .contains("*SDX request id:* `req-day`").contains("*Job:* running <!date^")
                .contains("<https://slack.com/archives/" + flow.channel + "/p" + approval.ts.replace(".", "") + "|");
        assertThat(ack("UOUTSIDER", "status " + code)).contains("Only the requester of " + code);
        assertThat(ack(SlackRequests.REQUESTER, "status SDX-000000")).contains("I know no request `SDX-000000`");
        assertThat(ack(SlackRequests.REQUESTER, "status 42")).contains("`status` needs a request code");
    }

    @Test
    void pendingListsWhatWaitsForMyApprovalButNotWhatIApprovedOrMayNotApprove() {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String code = Flow.code(approval);
        assertThat(ack(WithPolicy.APPROVER_3, "pending")).contains("*Waiting for your approval*").contains(code)
                .contains("Approvals 0 of 2");
        assertThat(ack("ULEADMEMBER", "pending")).contains(code);
        assertThat(ack(SlackRequests.REQUESTER, "pending")).doesNotContain(code);
        assertThat(ack("UOUTSIDER", "pending")).doesNotContain(code);

        flow.approve(WithPolicy.APPROVER_3, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Flow.visibleText(approval).contains("1 of 2"));
        assertThat(ack(WithPolicy.APPROVER_3, "pending")).doesNotContain(code);
        assertThat(ack(WithPolicy.APPROVER_2, "pending")).contains(code)
                .contains("Approvals 1 of 2: <@" + WithPolicy.APPROVER_3 + ">");
    }

    @Test
    void historyListsTheLatestRequestsOnASiteForThoseItsRuleConcerns() {
        Flow lab = new Flow();
        for (int i = 0; i < 3; i++) {
            lab.command(SlackRequests.REQUESTER, "queue freeze-lab-01 /ip address print " + i).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Fakes.slack().channel(lab.channel).size() == 3);
        String history = ack(WithPolicy.APPROVER_2, "history freeze-lab-01 2");
        assertThat(history).contains("*Last 2 request(s) on freeze-lab-01*")
                .contains("by <@" + SlackRequests.REQUESTER + ">: pending");
        assertThat(history.lines().filter(l -> l.startsWith("• ")).count()).isEqualTo(2);
        assertThat(ack(SlackRequests.REQUESTER, "history freeze-lab-01")).contains("request(s) on freeze-lab-01");
        assertThat(ack(SlackRequests.REQUESTER, "history \"Edge Router\"")).contains("on Edge Router");
        assertThat(ack("UOUTSIDER", "history " + SdxStubs.BRANCH_A_ID)).contains("Only the people a rule lets ask");
        assertThat(ack(SlackRequests.REQUESTER, "history no-such-site")).contains("SDX has no site `no-such-site`");
        assertThat(ack(SlackRequests.REQUESTER, "history core-rtr-01 500")).contains("shows 1 to 50 requests");
    }
}
