package sdx.chatops.approval;

import java.time.Instant;

/**
 * One engineer's request to run one script on one site, and everything that happened to it since.
 *
 * @param code short human reference (e.g. {@code SDX-7F3K2Q}), also put into the SDX job description
 * @param teamId the workspace the command came from
 * @param enterpriseId the Enterprise Grid organisation, null outside Grid
 * @param approvalTs Slack ts of the approval message, null until Slack has accepted it
 * @param receipt what SDX answered when it queued the job, null before
 * @param jobStatus last job status reported by SDX, null before the first
 * @param failure why submission failed or is uncertain, in words for the channel
 * @param submittedAt when the last submission to SDX started, null before the first
 * @param submitAttempts how many submissions were started (retries only when nothing reached SDX)
 * @param responseUrl the slash command's response_url, to answer the requester privately later
 */
public record ChangeRequest(String id, String code, String teamId, String enterpriseId, String channelId,
        String channelName, String requesterId, String requesterName, Site site, String script, JobOptions options,
        RequestState state, String approvalTs, String decidedBy, Instant decidedAt, QueueReceipt receipt,
        String jobId, String jobStatus, String failure, Instant createdAt, Instant submittedAt, int submitAttempts,
        String responseUrl) {

    /** The channel that holds the approval message (today the request's own channel). */
    public String approvalChannelId() {
        return channelId;
    }

    /** The last job status as a rank-able value; rank 0 before the first. */
    public int jobStatusRank() {
        return jobStatus == null ? 0 : JobStatus.of(jobStatus).rank();
    }
}
