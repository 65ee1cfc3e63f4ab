package sdx.chatops.approval;

import java.time.Instant;
import java.util.List;

/**
 * One engineer's request to run one script on one site, and everything that happened to it since.
 *
 * @param code short human reference (e.g. {@code SDX-7F3K2Q}), also put into the SDX job description
 * @param teamId the workspace the command came from
 * @param enterpriseId the Enterprise Grid organisation, null outside Grid
 * @param approvalTs Slack ts of the approval message, null until Slack has accepted it
 * @param decidedBy who made the decision: the approver whose approval was the last one needed, or who rejected
 * @param receipt what SDX answered when it queued the job, null before
 * @param jobStatus last job status reported by SDX, null before the first
 * @param failure why submission failed or is uncertain, in words for the channel
 * @param submittedAt when the last submission to SDX started, null before the first
 * @param submitAttempts how many submissions were started (retries only when nothing reached SDX)
 * @param responseUrl the slash command's response_url, to answer the requester privately later
 * @param ruleName the policy rule that allowed the request
 * @param approvals distinct approvers so far, in order; never the requester
 * @param requiredApprovals how many the rule asked for when the request was made (the rule in force
 * at each click decides)
 * @param expiresAt when a pending request expires, null for never
 * @param emergencyReason set for a break-glass request, which passes a freeze and needs one approval more
 * @param reason the requester's reason or ticket, null when none was given
 * @param approvalChannel where the approval message is, when not in the request's own channel
 * @param pointerTs Slack ts of the pointer message in the request's channel (with an approvals channel)
 * @param warnings the policy's warnings for this script, then the risks the pre-flight check found
 * (marked, see {@link ScriptPreflight#riskOf}), shown on the approval message
 */
public record ChangeRequest(String id, String code, String teamId, String enterpriseId, String channelId,
        String channelName, String requesterId, String requesterName, Site site, String script, JobOptions options,
        RequestState state, String approvalTs, String decidedBy, Instant decidedAt, QueueReceipt receipt,
        String jobId, String jobStatus, String failure, Instant createdAt, Instant submittedAt, int submitAttempts,
        String responseUrl, String ruleName, List<String> approvals, int requiredApprovals, Instant expiresAt,
        String emergencyReason, String reason, String approvalChannel, String pointerTs, List<String> warnings) {

    public ChangeRequest {
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The channel that holds the approval message: the approvals channel of the rule, or the request's own. */
    public String approvalChannelId() {
        return approvalChannel != null ? approvalChannel : channelId;
    }

    /** Whether the approval message is in another channel, with a pointer in the request's own. */
    public boolean hasPointer() {
        return approvalChannel != null && !approvalChannel.equals(channelId);
    }

    public boolean isEmergency() {
        return emergencyReason != null;
    }

    /** The last job status as a rank-able value; rank 0 before the first. */
    public int jobStatusRank() {
        return jobStatus == null ? 0 : JobStatus.of(jobStatus).rank();
    }
}
