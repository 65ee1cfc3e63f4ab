package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobStatus;
import sdx.chatops.approval.RequestState;
import sdx.chatops.sdx.QueueReceipt;
import sdx.chatops.sdx.Site;
import sdx.chatops.testing.ChangeRequests;

class ThreadMessagesTest {

    private static final QueueReceipt RECEIPT = new QueueReceipt("5f9475ef-565f-5d10-8a86-4c7f5fdb2687",
            "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b", ChangeRequests.SITE_ID, "2026-04-20T03:14:15+00:00");

    private static ChangeRequest queued() {
        return ChangeRequests.decided(RequestState.QUEUED, "UAPPROVER1").build();
    }

    @Test
    void receiptNamesRequestIdIdempotencyKeySiteAndDate() {
        assertThat(ThreadMessages.receipt(queued(), RECEIPT)).isEqualTo(
                ":inbox_tray: *Queued in SDX* (SDX-7F3K2Q)\n"
                        + "• Request id: `5f9475ef-565f-5d10-8a86-4c7f5fdb2687`\n"
                        + "• Idempotency key: `f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b`\n"
                        + "• Site: core-rtr-01 (`9c69345c-8d39-4786-9f17-8153c988c89a`)\n"
                        + "• Date: 2026-04-20T03:14:15+00:00");
    }

    @Test
    void submitFailedEscapesSdxsMessage() {
        assertThat(ThreadMessages.submitFailed(queued(), "SDX answered 422: <script> & <!channel>")).isEqualTo(
                ":x: *Submission failed* (SDX-7F3K2Q): SDX answered 422: &lt;script&gt; &amp; &lt;!channel&gt;."
                        + " Nothing was queued; fix the cause and send a new `/sdx queue`.");
    }

    @Test
    void outcomeUnknownEscapesTheReasonAndNamesTheCodeToLookFor() {
        assertThat(ThreadMessages.outcomeUnknown(queued(), "no answer from SDX (timeout: <read> & more)")).isEqualTo(
                ":grey_question: *Outcome unknown* (SDX-7F3K2Q): no answer from SDX (timeout: &lt;read&gt; &amp; more)."
                        + " The job may exist in SDX; it was not sent again. I'm looking for `SDX-7F3K2Q` in SDX's job"
                        + " list and will report here what I find.");
    }

    @Test
    void completedJobNamesTheSite() {
        ChangeRequests r = ChangeRequests.decided(RequestState.QUEUED, "UAPPROVER1");
        r.site = new Site(ChangeRequests.SITE_ID, "R&D", true);
        assertThat(ThreadMessages.jobStatus(r.build(), JobStatus.of("completed")))
                .isEqualTo(":white_check_mark: SDX job status: *completed*. The script ran on R&amp;D.");
    }

    @Test
    void eachKnownStatusHasItsOwnLine() {
        assertThat(ThreadMessages.jobStatus(queued(), JobStatus.of("failed")))
                .isEqualTo(":x: SDX job status: *failed*. The router reported an error; SDX's job log has the details.");
        assertThat(ThreadMessages.jobStatus(queued(), JobStatus.of("deleted")))
                .isEqualTo(":wastebasket: SDX job status: *deleted*. The job was removed from SDX before it ran.");
        assertThat(ThreadMessages.jobStatus(queued(), JobStatus.of("running"))).isEqualTo(":gear: SDX job status: *running*");
        assertThat(ThreadMessages.jobStatus(queued(), JobStatus.of("loaded")))
                .isEqualTo(":hourglass_flowing_sand: SDX job status: *loaded*");
    }

    @Test
    void unknownStatusIsShownEscaped() {
        assertThat(ThreadMessages.jobStatus(queued(), JobStatus.of("<!channel>")))
                .isEqualTo(":grey_question: SDX job status: *&lt;!channel&gt;*");
    }

    @Test
    void statusEmojiForNullIsAQuestionMark() {
        assertThat(ThreadMessages.statusEmoji(null)).isEqualTo(":grey_question:");
    }
}
