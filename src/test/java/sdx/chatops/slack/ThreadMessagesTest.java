package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.QueueReceipt;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.Site;
import sdx.chatops.testing.ChangeRequests;

class ThreadMessagesTest {

    private static final QueueReceipt RECEIPT = new QueueReceipt("5f9475ef-565f-5d10-8a86-4c7f5fdb2687",
            "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b", ChangeRequests.SITE_ID, "2026-04-20T03:14:15+00:00");

    private static ChangeRequest queued() {
        return ChangeRequests.decided(RequestState.QUEUED, "UAPPROVER1").build();
    }

    private static String render(Notice notice) {
        return ThreadMessages.render(notice, queued());
    }

    @Test
    void receiptNamesRequestIdIdempotencyKeySiteAndDate() {
        assertThat(render(new Notice.Receipt(RECEIPT))).isEqualTo(
                ":inbox_tray: *Queued in SDX* (SDX-7F3K2Q)\n"
                        + "• Request id: `5f9475ef-565f-5d10-8a86-4c7f5fdb2687`\n"
                        + "• Idempotency key: `f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b`\n"
                        + "• Site: core-rtr-01 (`9c69345c-8d39-4786-9f17-8153c988c89a`)\n"
                        + "• Date: 2026-04-20T03:14:15+00:00");
    }

    @Test
    void receiptFieldsFromSdxAreEscapedAndCannotLeaveTheirCodeSpans() {
        String rendered = render(new Notice.Receipt(new QueueReceipt("<!channel>`x", "a`<@U123>", "t", "<!here>")));
        assertThat(rendered).contains("• Request id: `&lt;!channel&gt;ˋx`").contains("• Idempotency key: `aˋ&lt;@U123&gt;`")
                .contains("• Date: &lt;!here&gt;").doesNotContain("<!", "<@");
    }

    @Test
    void submitFailedEscapesSdxsMessage() {
        assertThat(render(new Notice.SubmissionFailed("SDX answered 422: <script> & <!channel>"))).isEqualTo(
                ":x: *Submission failed* (SDX-7F3K2Q): SDX answered 422: &lt;script&gt; &amp; &lt;!channel&gt;."
                        + " Nothing was queued; fix the cause and send a new `/sdx queue`.");
    }

    @Test
    void outcomeUnknownEscapesTheReasonAndNamesTheCodeToLookFor() {
        assertThat(render(new Notice.OutcomeUnknown("no answer from SDX (timeout: <read> & more)"))).isEqualTo(
                ":grey_question: *Outcome unknown* (SDX-7F3K2Q): no answer from SDX (timeout: &lt;read&gt; &amp; more)."
                        + " The job may exist in SDX; it was not sent again. I'm looking for `SDX-7F3K2Q` in SDX's job"
                        + " list and will report here what I find.");
    }

    @Test
    void deferredSubmissionSaysForHowLongItIsRetried() {
        assertThat(render(new Notice.SubmissionDeferred("SDX is limiting requests (429)", 15))).isEqualTo(
                ":hourglass_flowing_sand: *Not queued yet* (SDX-7F3K2Q): SDX is limiting requests (429). Nothing reached"
                        + " SDX, so I'll retry automatically for up to 15 minutes.");
    }

    @Test
    void foundAndMissingJobsNameWhatWasLookedFor() {
        assertThat(render(new Notice.JobFound("job-1", "key<1>"))).startsWith(":mag: *Found in SDX* (SDX-7F3K2Q)")
                .contains("• Job id: `job-1`").contains("• Idempotency key: `key&lt;1&gt;`");
        assertThat(render(new Notice.JobMissing())).startsWith(":x: *Not queued* (SDX-7F3K2Q): SDX's job list has no job"
                + " `SDX-7F3K2Q`");
    }

    @Test
    void completedJobNamesTheSite() {
        ChangeRequests r = ChangeRequests.decided(RequestState.QUEUED, "UAPPROVER1");
        r.site = new Site(ChangeRequests.SITE_ID, "R&D", true);
        assertThat(ThreadMessages.render(new Notice.JobStatusChanged("completed"), r.build()))
                .isEqualTo(":white_check_mark: SDX job status: *completed*. The script ran on R&amp;D.");
    }

    @Test
    void eachKnownStatusHasItsOwnLine() {
        assertThat(render(new Notice.JobStatusChanged("failed")))
                .isEqualTo(":x: SDX job status: *failed*. The router reported an error; SDX's job log has the details.");
        assertThat(render(new Notice.JobStatusChanged("deleted")))
                .isEqualTo(":wastebasket: SDX job status: *deleted*. The job was removed from SDX before it ran.");
        assertThat(render(new Notice.JobStatusChanged("running"))).isEqualTo(":gear: SDX job status: *running*");
        assertThat(render(new Notice.JobStatusChanged("loaded")))
                .isEqualTo(":hourglass_flowing_sand: SDX job status: *loaded*");
    }

    @Test
    void unknownStatusIsShownEscaped() {
        assertThat(render(new Notice.JobStatusChanged("<!channel>")))
                .isEqualTo(":grey_question: SDX job status: *&lt;!channel&gt;*");
    }

    @Test
    void legacyReplyStoredByThePreviousVersionIsDeliveredAsStored() {
        assertThat(render(new Notice.LegacyThreadReply(":gear: SDX job status: *running*")))
                .isEqualTo(":gear: SDX job status: *running*");
    }

    @Test
    void noticesThatAreNotThreadRepliesAreNotRenderedAsOne() {
        assertThat(ThreadMessages.isThreadReply(new Notice.ApprovalMessage())).isFalse();
        assertThat(ThreadMessages.isThreadReply(new Notice.ApprovalRefresh())).isFalse();
        assertThat(ThreadMessages.isThreadReply(new Notice.ApprovalNotPosted("channel_not_found"))).isFalse();
        assertThat(ThreadMessages.isThreadReply(new Notice.JobMissing())).isTrue();
        assertThatThrownBy(() -> render(new Notice.ApprovalRefresh())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusEmojiForNullIsAQuestionMark() {
        assertThat(ThreadMessages.statusEmoji(null)).isEqualTo(":grey_question:");
    }
}
