package sdx.chatops.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.slack.api.model.block.LayoutBlock;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.ScriptPreflight;

/**
 * The approval message in the channel, rendered from the request's current state: buttons while
 * it waits, then who decided and what SDX did. The same request always renders the same message.
 */
public final class ApprovalMessage {

    /** Longest script preview, in escaped characters; a section holds 3,000. */
    static final int SCRIPT_PREVIEW = 2_500;

    private ApprovalMessage() {
    }

    public static List<LayoutBlock> blocks(ChangeRequest r) {
        List<LayoutBlock> blocks = new ArrayList<>();
        StringBuilder head = new StringBuilder();
        if (r.isEmergency()) {
            head.append(":rotating_light: *EMERGENCY* change, past any freeze: ").append(SlackText.escape(r.emergencyReason()))
                    .append("\n");
        }
        head.append(":memo: *Change request ").append(SlackText.escape(r.code())).append("* from ")
                .append(SlackText.user(r.requesterId())).append("\n")
                .append("*Site:* ").append(siteLabel(r));
        if (r.reason() != null) {
            head.append("\n*Reason:* ").append(SlackText.escape(r.reason()));
        }
        if (!r.site().hasPulse()) {
            head.append("\n:warning: This router is not checking in with SDX; the job will wait until it reconnects.");
        }
        blocks.add(section(s -> s.text(markdownText(head.toString()))));
        if (!r.warnings().isEmpty()) {
            String warnings = r.warnings().stream().map(ApprovalMessage::warning).collect(Collectors.joining("\n"));
            blocks.add(section(s -> s.text(markdownText(warnings))));
        }
        blocks.add(section(s -> s.text(markdownText(codeBlock(r.script())))));
        blocks.add(context(c -> c.elements(List.of(markdownText(scriptLength(r.script()) + " · " + options(r.options())
                + (r.ruleName() == null ? "" : " · rule *" + SlackText.escape(r.ruleName()) + "*"))))));
        switch (r.state()) {
            case PENDING -> {
                blocks.add(actions(a -> a.blockId("sdx_decision").elements(List.of(
                        button(b -> b.actionId(ApprovalButtons.APPROVE).style("primary").value(r.id())
                                .text(plainText("Approve"))),
                        button(b -> b.actionId(ApprovalButtons.REJECT).style("danger").value(r.id())
                                .text(plainText("Reject"))),
                        button(b -> b.actionId(ApprovalButtons.WITHDRAW).value(r.id()).text(plainText("Withdraw")))))));
                blocks.add(context(c -> c.elements(List.of(markdownText(waiting(r))))));
            }
            default -> blocks.add(context(c -> c.elements(List.of(markdownText(outcome(r))))));
        }
        return blocks;
    }

    /** One stored warning: the policy's, or a risk the pre-flight check found in the script. */
    static String warning(String stored) {
        return ScriptPreflight.riskOf(stored).map(risk -> ":warning: *Pre-flight:* " + SlackText.escape(risk))
                .orElseGet(() -> ":warning: *Policy warning:* " + SlackText.escape(stored));
    }

    /** While pending: the approvals so far, how many are needed, and until when. */
    static String waiting(ChangeRequest r) {
        StringBuilder text = new StringBuilder(":hourglass_flowing_sand: ").append(progress(r));
        if (r.expiresAt() != null) {
            text.append(" · expires ").append(SlackText.time(r.expiresAt()));
        }
        return text.append(". The requester cannot approve their own change.").toString();
    }

    /** {@code Approvals 1 of 2: @bob}. */
    static String progress(ChangeRequest r) {
        return "Approvals " + r.approvals().size() + " of " + r.requiredApprovals()
                + (r.approvals().isEmpty() ? "" : ": " + SlackText.users(r.approvals()));
    }

    /**
     * Fallback text for notifications and clients without blocks. Slack parses it as mrkdwn too, so
     * the site name from SDX is escaped here as everywhere.
     */
    public static String fallbackText(ChangeRequest r) {
        return "Change request " + SlackText.escape(r.code()) + " on " + SlackText.escape(r.site().name()) + ": "
                + r.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String siteLabel(ChangeRequest r) {
        return SlackText.escape(r.site().name()) + " (" + SlackText.code(r.site().id()) + ")";
    }

    private static String outcome(ChangeRequest r) {
        // Who approved: every approver (N of them), or, for requests from before N approvals, the decider.
        String decided = r.approvals().isEmpty() ? SlackText.user(r.decidedBy()) : SlackText.users(r.approvals());
        return switch (r.state()) {
            case REJECTED -> ":no_entry: Rejected by " + SlackText.user(r.decidedBy());
            case APPROVED, SUBMITTING -> ":white_check_mark: Approved by " + decided + " · sending to SDX…";
            case QUEUED -> ":white_check_mark: Approved by " + decided + " · :inbox_tray: Queued in SDX"
                    + (r.jobStatus() == null ? "" : " · job *" + SlackText.escape(r.jobStatus()) + "*");
            case RUNNING, COMPLETED, FAILED, DELETED -> ":white_check_mark: Approved by " + decided + " · "
                    + ThreadMessages.statusEmoji(r.jobStatus()) + " SDX job *" + SlackText.escape(r.jobStatus()) + "*";
            case SUBMIT_FAILED -> ":white_check_mark: Approved by " + decided + " · :x: Not queued: "
                    + SlackText.escape(r.failure());
            case UNKNOWN -> ":white_check_mark: Approved by " + decided + " · :grey_question: Outcome unknown, see thread";
            case CANCELLED -> ":no_entry_sign: Cancelled: " + SlackText.escape(r.failure());
            case EXPIRED -> ":alarm_clock: Expired after " + ttl(r) + (r.approvals().isEmpty() ? ", nobody approved"
                    : " with " + r.approvals().size() + " of " + r.requiredApprovals() + " approvals ("
                            + SlackText.users(r.approvals()) + ")");
            case WITHDRAWN -> ":leftwards_arrow_with_hook: Withdrawn by " + SlackText.user(r.decidedBy());
            case PENDING -> "";
        };
    }

    /** How long the request could wait, e.g. {@code 4h}. */
    static String ttl(ChangeRequest r) {
        return r.expiresAt() == null ? "its time"
                : SlackText.duration(java.time.Duration.between(r.createdAt(), r.expiresAt()));
    }

    static String codeBlock(String script) {
        String escaped = preview(script);
        String shown = escaped.length() <= SCRIPT_PREVIEW ? escaped : cut(escaped, SCRIPT_PREVIEW) + "\n…";
        return "```\n" + shown + "\n```";
    }

    /** The first {@code max} characters, never ending inside an entity ({@code &amp;}) or a surrogate pair. */
    static String cut(String escaped, int max) {
        String cut = escaped.substring(0, max);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0) {
            cut = cut.substring(0, amp);
        }
        if (!cut.isEmpty() && Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    /** The script escaped for mrkdwn, with every run of backticks broken so none can close the code block. */
    private static String preview(String script) {
        String escaped = SlackText.escape(script);
        while (escaped.contains("```")) {
            escaped = escaped.replace("```", "`\u200B``");
        }
        return escaped;
    }

    static String scriptLength(String script) {
        int length = script.codePointCount(0, script.length());
        boolean shortened = preview(script).length() > SCRIPT_PREVIEW;
        return length + " characters" + (shortened ? " (shortened above; the full script is sent)" : "");
    }

    static String options(JobOptions o) {
        return "make_backup=" + o.makeBackup() + " · express_execute=" + o.expressExecute()
                + " · needs_acknowledgement=" + o.needsAcknowledgement();
    }
}
