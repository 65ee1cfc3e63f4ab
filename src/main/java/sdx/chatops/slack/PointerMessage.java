package sdx.chatops.slack;

import sdx.chatops.approval.ChangeRequest;

/**
 * With an approvals channel, the one line in the request's own channel that says where the approval
 * happens, and later how it ended. Refreshed together with the approval message.
 */
public final class PointerMessage {

    private PointerMessage() {
    }

    public static String text(ChangeRequest r) {
        String what = ":memo: " + SlackText.escape(r.code()) + " (" + SlackText.escape(r.site().name()) + ", from "
                + SlackText.user(r.requesterId()) + (r.isEmergency() ? ", *EMERGENCY*" : "") + ")";
        return switch (r.state()) {
            case PENDING -> what + " is waiting for approval in " + SlackText.channel(r.approvalChannelId()) + " ("
                    + ApprovalMessage.progress(r) + ").";
            case APPROVED, SUBMITTING, QUEUED, RUNNING -> what + " was approved by " + SlackText.users(r.approvals())
                    + " and is on its way to the router: see " + SlackText.channel(r.approvalChannelId()) + ".";
            case COMPLETED -> what + ": the script ran. Details in " + SlackText.channel(r.approvalChannelId()) + ".";
            case REJECTED -> what + " was rejected by " + SlackText.user(r.decidedBy()) + ".";
            case EXPIRED -> what + " expired: not enough approvals in time.";
            case WITHDRAWN -> what + " was withdrawn by " + SlackText.user(r.decidedBy()) + ".";
            default -> what + ": " + r.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", see "
                    + SlackText.channel(r.approvalChannelId()) + ".";
        };
    }
}
