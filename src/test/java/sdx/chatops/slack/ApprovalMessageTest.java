package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.gson.Gson;
import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.util.json.GsonFactory;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.ScriptPreflight;
import sdx.chatops.approval.Site;
import sdx.chatops.testing.ChangeRequests;

class ApprovalMessageTest {

    private static final String APPROVER = "UAPPROVER1";
    private static final Gson GSON = GsonFactory.createSnakeCase();

    private static String sectionText(LayoutBlock block) {
        return ((MarkdownTextObject) ((SectionBlock) block).getText()).getText();
    }

    private static String contextText(LayoutBlock block) {
        return ((MarkdownTextObject) ((ContextBlock) block).getElements().get(0)).getText();
    }

    private static List<LayoutBlock> blocks(ChangeRequests r) {
        return ApprovalMessage.blocks(r.build());
    }

    /** The code block's content between its opening and closing fence. */
    private static String insideFences(String codeBlock) {
        assertThat(codeBlock).startsWith("```\n").endsWith("\n```");
        return codeBlock.substring(4, codeBlock.length() - 4);
    }

    @Test
    void pendingRequestHasApproveRejectAndWithdrawButtonsCarryingTheRequestId() {
        List<LayoutBlock> blocks = blocks(ChangeRequests.pending());

        assertThat(blocks).hasSize(5);
        ActionsBlock actions = (ActionsBlock) blocks.get(3);
        assertThat(actions.getBlockId()).isEqualTo("sdx_decision");
        assertThat(actions.getElements()).hasSize(3);
        ButtonElement withdraw = (ButtonElement) actions.getElements().get(2);
        assertThat(withdraw.getActionId()).isEqualTo("sdx_withdraw").isEqualTo(ApprovalButtons.WITHDRAW);
        assertThat(withdraw.getValue()).isEqualTo(ChangeRequests.ID);
        assertThat(withdraw.getText().getText()).isEqualTo("Withdraw");
        ButtonElement approve = (ButtonElement) actions.getElements().get(0);
        ButtonElement reject = (ButtonElement) actions.getElements().get(1);
        assertThat(approve.getActionId()).isEqualTo("sdx_approve").isEqualTo(ApprovalButtons.APPROVE);
        assertThat(approve.getValue()).isEqualTo(ChangeRequests.ID);
        assertThat(approve.getStyle()).isEqualTo("primary");
        assertThat(approve.getText().getText()).isEqualTo("Approve");
        assertThat(reject.getActionId()).isEqualTo("sdx_reject").isEqualTo(ApprovalButtons.REJECT);
        assertThat(reject.getValue()).isEqualTo(ChangeRequests.ID);
        assertThat(reject.getStyle()).isEqualTo("danger");
        assertThat(reject.getText().getText()).isEqualTo("Reject");
        assertThat(contextText(blocks.get(4))).isEqualTo(
                ":hourglass_flowing_sand: Approvals 0 of 1. The requester cannot approve their own change.");
    }

    @Test
    void headNamesRequesterSiteNameAndUuid() {
        assertThat(sectionText(blocks(ChangeRequests.pending()).get(0))).isEqualTo(
                ":memo: *Change request SDX-7F3K2Q* from <@UREQUESTER>\n"
                        + "*Site:* core-rtr-01 (`9c69345c-8d39-4786-9f17-8153c988c89a`)");
    }

    @Test
    void siteNameIsEscaped() {
        ChangeRequests r = ChangeRequests.pending();
        r.site = new Site(ChangeRequests.SITE_ID, "R&D <lab>", true);
        assertThat(sectionText(blocks(r).get(0))).endsWith("*Site:* R&amp;D &lt;lab&gt; (`" + ChangeRequests.SITE_ID + "`)");
    }

    @Test
    void contextStatesLengthAndEveryJobOption() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = ":put 1";
        r.options = new JobOptions(true, false, true);
        assertThat(contextText(blocks(r).get(2)))
                .isEqualTo(
                        "6 characters · make_backup=true · express_execute=false · needs_acknowledgement=true · rule *default*");
        r.options = new JobOptions(false, true, false);
        assertThat(contextText(blocks(r).get(2)))
                .isEqualTo("6 characters · make_backup=false · express_execute=true · needs_acknowledgement=false"
                        + " · rule *default*");
    }

    @Test
    void scriptAppearsEscapedInsideACodeBlock() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = ":if ($a < 2 && $b > 1) do={ :put \"ok\" }";
        assertThat(sectionText(blocks(r).get(1)))
                .isEqualTo("```\n:if ($a &lt; 2 &amp;&amp; $b &gt; 1) do={ :put \"ok\" }\n```");
    }

    @Test
    void scriptOfExactlyThePreviewLengthIsShownWhole() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = "a".repeat(ApprovalMessage.SCRIPT_PREVIEW);
        List<LayoutBlock> blocks = blocks(r);
        assertThat(insideFences(sectionText(blocks.get(1)))).isEqualTo(r.script);
        assertThat(contextText(blocks.get(2))).startsWith("2500 characters · ");
    }

    @Test
    void longScriptIsShortenedAndItsFullLengthStated() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = "a".repeat(3_000);
        List<LayoutBlock> blocks = blocks(r);
        assertThat(insideFences(sectionText(blocks.get(1)))).isEqualTo("a".repeat(2_500) + "\n…");
        assertThat(contextText(blocks.get(2))).startsWith("3000 characters (shortened above; the full script is sent) · ");
    }

    @Test
    void previewLimitCountsEscapedCharactersButLengthCountsTypedOnes() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = "<".repeat(1_000); // 4,000 characters once escaped
        List<LayoutBlock> blocks = blocks(r);
        assertThat(insideFences(sectionText(blocks.get(1)))).isEqualTo("&lt;".repeat(625) + "\n…");
        assertThat(contextText(blocks.get(2))).startsWith("1000 characters (shortened above; the full script is sent) · ");
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = ":put \"🚀\"";
        assertThat(contextText(blocks(r).get(2))).startsWith("8 characters · ");
    }

    @Test
    void tripleBackticksInTheScriptDoNotCloseTheCodeBlock() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = ":put \"```\"; :put 1```2";
        String inside = insideFences(sectionText(blocks(r).get(1)));
        assertThat(inside).doesNotContain("```");
        assertThat(inside.replace("\u200B", "")).isEqualTo(r.script);
    }

    @Test
    void fourOrMoreBackticksInTheScriptDoNotCloseTheCodeBlock() {
        ChangeRequests r = ChangeRequests.pending();
        for (String script : List.of(":put \"````\"", ":put \"``````\"", "`````")) {
            r.script = script;
            assertThat(insideFences(sectionText(blocks(r).get(1)))).as(script).doesNotContain("```");
        }
    }

    @Test
    void policyWarningsAndPreflightRisksAreLabelledApartAndEscaped() {
        ChangeRequests r = ChangeRequests.pending();
        r.warnings = List.of("may cut <management> access",
                ScriptPreflight.asWarning("`/system reboot` (line 1): restarts the router & more"));

        assertThat(sectionText(blocks(r).get(1))).isEqualTo(":warning: *Policy warning:* may cut &lt;management&gt; access\n"
                + ":warning: *Pre-flight:* `/system reboot` (line 1): restarts the router &amp; more");
    }

    @Test
    void siteNotCheckingInShowsAWarning() {
        ChangeRequests r = ChangeRequests.pending();
        assertThat(sectionText(blocks(r).get(0))).doesNotContain(":warning:");
        r.site = new Site(ChangeRequests.SITE_ID, "core-rtr-01", false);
        assertThat(sectionText(blocks(r).get(0))).endsWith(
                "\n:warning: This router is not checking in with SDX; the job will wait until it reconnects.");
    }

    @ParameterizedTest
    @EnumSource(value = RequestState.class, names = { "PENDING", "CANCELLED", "EXPIRED" }, mode = EnumSource.Mode.EXCLUDE)
    void decidedRequestHasNoButtonsAndNamesTheDecider(RequestState state) {
        ChangeRequests r = ChangeRequests.decided(state, APPROVER);
        r.jobStatus = "running";
        r.failure = "SDX answered 422 invalid_script: bad";
        List<LayoutBlock> blocks = blocks(r);
        assertThat(blocks).hasSize(4).noneMatch(b -> b instanceof ActionsBlock);
        assertThat(contextText(blocks.get(3))).contains("by <@" + APPROVER + ">");
        assertThat(GSON.toJson(blocks)).doesNotContain("\"type\":\"actions\"", "sdx_approve", "sdx_reject");
    }

    @Test
    void cancelledRequestHasNoButtonsAndSaysWhy() {
        ChangeRequests r = ChangeRequests.pending();
        r.state = RequestState.CANCELLED;
        r.failure = "the approval message could not be posted (channel_not_found)";
        List<LayoutBlock> blocks = blocks(r);
        assertThat(blocks).noneMatch(b -> b instanceof ActionsBlock);
        assertThat(contextText(blocks.get(3))).isEqualTo(
                ":no_entry_sign: Cancelled: the approval message could not be posted (channel_not_found)");
    }

    @Test
    void outcomesSayWhatHappened() {
        assertThat(outcome(ChangeRequests.decided(RequestState.REJECTED, APPROVER)))
                .isEqualTo(":no_entry: Rejected by <@UAPPROVER1>");
        assertThat(outcome(ChangeRequests.decided(RequestState.APPROVED, APPROVER)))
                .isEqualTo(":white_check_mark: Approved by <@UAPPROVER1> · sending to SDX…");
        assertThat(outcome(ChangeRequests.decided(RequestState.QUEUED, APPROVER)))
                .isEqualTo(":white_check_mark: Approved by <@UAPPROVER1> · :inbox_tray: Queued in SDX");
        ChangeRequests queued = ChangeRequests.decided(RequestState.QUEUED, APPROVER);
        queued.jobStatus = "loaded";
        assertThat(outcome(queued))
                .isEqualTo(":white_check_mark: Approved by <@UAPPROVER1> · :inbox_tray: Queued in SDX · job *loaded*");
        ChangeRequests completed = ChangeRequests.decided(RequestState.COMPLETED, APPROVER);
        completed.jobStatus = "completed";
        assertThat(outcome(completed))
                .isEqualTo(":white_check_mark: Approved by <@UAPPROVER1> · :white_check_mark: SDX job *completed*");
        ChangeRequests failed = ChangeRequests.decided(RequestState.SUBMIT_FAILED, APPROVER);
        failed.failure = "SDX answered 422: script <invalid> & rejected";
        assertThat(outcome(failed)).isEqualTo(
                ":white_check_mark: Approved by <@UAPPROVER1> · :x: Not queued: SDX answered 422: script &lt;invalid&gt; &amp; rejected");
        assertThat(outcome(ChangeRequests.decided(RequestState.UNKNOWN, APPROVER)))
                .isEqualTo(":white_check_mark: Approved by <@UAPPROVER1> · :grey_question: Outcome unknown, see thread");
    }

    @Test
    void jobStatusFromSdxIsEscapedInTheOutcome() {
        ChangeRequests running = ChangeRequests.decided(RequestState.RUNNING, APPROVER);
        running.jobStatus = "<!channel>";
        assertThat(outcome(running)).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        ChangeRequests queued = ChangeRequests.decided(RequestState.QUEUED, APPROVER);
        queued.jobStatus = "<!channel>";
        assertThat(outcome(queued)).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    }

    private static String outcome(ChangeRequests r) {
        List<LayoutBlock> blocks = blocks(r);
        return contextText(blocks.get(blocks.size() - 1));
    }

    @Test
    void worstCaseMessageStaysWithinSlackLimits() {
        ChangeRequests r = ChangeRequests.pending();
        r.script = "<&>```".repeat(2_000);
        r.site = new Site(ChangeRequests.SITE_ID, "<&>".repeat(100), false);
        for (RequestState state : RequestState.values()) {
            r.state = state;
            r.decidedBy = APPROVER;
            r.failure = "<&>".repeat(100);
            r.jobStatus = "completed";
            List<LayoutBlock> blocks = blocks(r);
            assertThat(blocks).as(state.name()).hasSizeLessThan(50);
            blocks.stream().filter(b -> b instanceof SectionBlock)
                    .forEach(b -> assertThat(sectionText(b).length()).as(state.name()).isLessThan(3_000));
        }
    }

    @Test
    void blocksSerialiseToSlacksJsonShape() {
        String json = GSON.toJson(blocks(ChangeRequests.pending()));
        assertThat(json)
                .startsWith("[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",")
                .contains("{\"type\":\"actions\",\"elements\":[")
                .contains("\"block_id\":\"sdx_decision\"")
                .contains("\"action_id\":\"sdx_approve\"", "\"action_id\":\"sdx_reject\"")
                .contains("\"value\":\"" + ChangeRequests.ID + "\"")
                .contains("\"style\":\"primary\"", "\"style\":\"danger\"")
                .contains("{\"type\":\"plain_text\",\"text\":\"Approve\"")
                .contains("{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\",")
                .doesNotContain("actionId", "blockId");
    }

    @Test
    void fallbackTextNamesCodeSiteAndState() {
        ChangeRequest r = ChangeRequests.decided(RequestState.SUBMIT_FAILED, APPROVER).build();
        assertThat(ApprovalMessage.fallbackText(r)).isEqualTo("Change request SDX-7F3K2Q on core-rtr-01: submit failed");
    }

    @Test
    void shortenedPreviewNeverEndsInsideAnEntityOrASurrogatePair() {
        assertThat(ApprovalMessage.codeBlock("a&".repeat(999))).doesNotContainPattern("&[a-z]*\n…");
        assertThat(ApprovalMessage.codeBlock("ab\u2039<".repeat(700))).doesNotContainPattern("&[a-z]*\n…");
        String emoji = ApprovalMessage.codeBlock("x".repeat(ApprovalMessage.SCRIPT_PREVIEW - 1) + "\uD83D\uDE80tail");
        assertThat(emoji).endsWith("x\n…\n```").doesNotContain("\uD83D\n");
        assertThat(ApprovalMessage.cut("ab&amp;", 5)).isEqualTo("ab");
        assertThat(ApprovalMessage.cut("ab&amp;cd", 7)).isEqualTo("ab&amp;");
    }
}
