package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** Who may decide, and that a decision happens exactly once. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class ApprovalRulesFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-1", "idem-1");
        Fakes.slack().group(Fakes.APPROVER_GROUP, "UGROUPMEMBER", "UOTHERLEAD");
    }

    @Test
    void requesterCannotApproveTheirOwnRequest() throws Exception {
        FakeSlack.Message approval = pending();
        flow.approve(SlackRequests.REQUESTER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("someone else must approve");
        assertUnchanged(approval);
    }

    @Test
    void approverCannotApproveTheirOwnRequestEither() throws Exception {
        flow.command(Fakes.APPROVER, "queue \"Edge Router\" /system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("someone else must approve");
        assertUnchanged(approval);
    }

    @Test
    void nonApproverClickIsExplainedAndChangesNothing() throws Exception {
        FakeSlack.Message approval = pending();
        flow.approve("URANDOMPERSON", approval).then().statusCode(200);
        flow.click("URANDOMPERSON", "sdx_reject", approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(2)).allMatch(text -> text.contains("lets only <@" + Fakes.APPROVER + ">")
                && text.contains("approve or reject this change"));
        assertUnchanged(approval);
    }

    @Test
    void memberOfApproverGroupMayApprove() {
        FakeSlack.Message approval = pending();
        flow.approve("UGROUPMEMBER", approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
        assertThat(Fakes.slack().calls("usergroups.users.list")).isNotEmpty();
        assertThat(Flow.visibleText(approval)).contains("Approved by <@UGROUPMEMBER>");
    }

    @Test
    void rejectRemovesButtonsAndSendsNothingToSdx() throws Exception {
        FakeSlack.Message approval = pending();
        flow.click(Fakes.APPROVER, "sdx_reject", approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Flow.hasButtons(approval));
        assertThat(Flow.visibleText(approval)).contains("Rejected by <@" + Fakes.APPROVER + ">");
        flow.approve("UGROUPMEMBER", approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("already rejected by <@" + Fakes.APPROVER + ">");
        Thread.sleep(300);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).isEmpty();
    }

    @Test
    void eightSimultaneousApproveClicksSubmitExactlyOnce() throws Exception {
        FakeSlack.Message approval = pending();
        String[] approvers = { Fakes.APPROVER, "UGROUPMEMBER", "UOTHERLEAD", Fakes.APPROVER, "UGROUPMEMBER", "UOTHERLEAD",
                Fakes.APPROVER, "UGROUPMEMBER" };
        ExecutorService clickers = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (String approver : approvers) {
            statuses.add(clickers.submit(() -> {
                start.await();
                return flow.approve(approver, approval).statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(200);
        }
        clickers.shutdown();
        flow.awaitThread(approval, 1);
        List<String> ephemeral = flow.awaitEphemeral(7);
        assertThat(ephemeral).hasSize(7).allMatch(text -> text.contains("already approved"));
        Thread.sleep(500);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
        assertThat(flow.thread(approval)).hasSize(1);
    }

    private FakeSlack.Message pending() {
        flow.queue("\"Edge Router\"", "/system identity print").then().statusCode(200);
        return flow.awaitApprovalMessage();
    }

    private void assertUnchanged(FakeSlack.Message approval) throws InterruptedException {
        Thread.sleep(300);
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(approval.edits).isZero();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).isEmpty();
    }
}
