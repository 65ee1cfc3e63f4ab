package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** The requester takes a pending request back; nobody else can. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class WithdrawFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-w", "idem-w");
    }

    private FakeSlack.Message pending() {
        flow.queue("\"Edge Router\"", "/system identity print").then().statusCode(200);
        return flow.awaitApprovalMessage();
    }

    @Test
    void requesterWithdrawsAPendingRequestAndItCanNoLongerBeApproved() throws Exception {
        FakeSlack.Message approval = pending();
        flow.click(SlackRequests.REQUESTER, "sdx_withdraw", approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Withdrawn by <@" + SlackRequests.REQUESTER + ">"));
        assertThat(Flow.hasButtons(approval)).isFalse();

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0))
                .contains("was withdrawn by <@" + SlackRequests.REQUESTER + ">; it is no longer waiting");
        Thread.sleep(300);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).isEmpty();
    }

    @Test
    void someoneElsesWithdrawIsRefusedPrivatelyAndChangesNothing() throws Exception {
        FakeSlack.Message approval = pending();
        flow.click(Fakes.APPROVER, "sdx_withdraw", approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("Only the requester, <@" + SlackRequests.REQUESTER + ">,")
                .contains("can withdraw");
        Thread.sleep(300);
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(Flow.visibleText(approval)).doesNotContain("Withdrawn");
    }

    @Test
    void approvedRequestCannotBeWithdrawn() {
        FakeSlack.Message approval = pending();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        flow.click(SlackRequests.REQUESTER, "sdx_withdraw", approval).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("was already approved");
    }
}
