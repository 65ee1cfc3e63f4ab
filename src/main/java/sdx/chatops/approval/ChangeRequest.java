package sdx.chatops.approval;

import java.time.Instant;

import sdx.chatops.sdx.QueueReceipt;
import sdx.chatops.sdx.Site;

/**
 * One engineer's request to run one script on one site, and everything that happened to it since.
 *
 * @param code short human reference (e.g. {@code SDX-7F3K2Q}), also put into the SDX job description
 * @param approvalTs Slack ts of the approval message, null until Slack has accepted it
 * @param receipt what SDX answered when it queued the job, null before
 * @param jobStatus last job status reported by SDX, null before the first
 * @param failure why submission failed or is uncertain, in words for the channel
 * @param submittedAt when the last submission to SDX started, null before the first
 * @param submitAttempts how many submissions were started (retries only when nothing reached SDX)
 * @param responseUrl the slash command's response_url, to answer the requester privately later
 */
public record ChangeRequest(String id, String code, String teamId, String channelId, String channelName,
        String requesterId, String requesterName, Site site, String script, JobOptions options,
        RequestState state, String approvalTs, String decidedBy, Instant decidedAt, QueueReceipt receipt,
        String jobId, String jobStatus, String failure, Instant createdAt, Instant submittedAt, int submitAttempts,
        String responseUrl) {
}
