package sdx.chatops.approval;

/**
 * A job as SDX lists it. SDX's job object has no status field: it is derived from the timestamps.
 */
public record SdxJob(String id, String idempotencyKey, String description, String startedAt, String completedAt,
        String failedAt) {

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
