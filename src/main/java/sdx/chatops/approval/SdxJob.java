package sdx.chatops.approval;

/**
 * A job as SDX lists it. SDX's job object has no status field: it is derived from the timestamps.
 *
 * @param associatedBackup the configuration backup SDX took before the job, when it says (an id or a link)
 * @param logUrl the job's log, when SDX gives one
 */
public record SdxJob(String id, String idempotencyKey, String description, String startedAt, String completedAt,
        String failedAt, String associatedBackup, String logUrl) {

    public SdxJob(String id, String idempotencyKey, String description, String startedAt, String completedAt,
            String failedAt) {
        this(id, idempotencyKey, description, startedAt, completedAt, failedAt, null, null);
    }

    public JobStatus status() {
        if (failedAt != null) {
            return JobStatus.of("failed");
        }
        if (completedAt != null) {
            return JobStatus.of("completed");
        }
        return JobStatus.of(startedAt != null ? "running" : "pending");
    }
}
