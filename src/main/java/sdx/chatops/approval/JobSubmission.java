package sdx.chatops.approval;

/**
 * One job as the workflow asks SDX to queue it; the SDX adapter turns it into SDX's request body.
 *
 * @param description at most {@link #MAX_DESCRIPTION} characters, the request code first
 * @param notifyUrl where SDX reports the job's statuses, null to let the bot poll instead
 */
public record JobSubmission(String description, String script, JobOptions options, String notifyUrl) {

    /** SDX's limit on a job's description. */
    public static final int MAX_DESCRIPTION = 100;
}
