package sdx.chatops.approval;

/**
 * The fields of a stored request that a {@link Transition} may set besides the state. The store maps
 * each to its columns; the value types are given per field.
 */
public enum RequestField {
    /** {@code String}: the user whose click decided. */
    DECIDED_BY,
    /** {@code Instant}. */
    DECIDED_AT,
    /** {@code String} or null: why submission failed or is uncertain, in words. */
    FAILURE,
    /** {@code Instant} or null: when the background work (retry, poll, reconcile) is next due. */
    NOT_BEFORE,
    /** {@code String}: SHA-256 of the job's callback token. */
    NOTIFY_TOKEN_HASH,
    /** {@code Instant}. */
    SUBMITTED_AT,
    /** {@code Integer}. */
    SUBMIT_ATTEMPTS,
    /** {@link QueueReceipt}. */
    RECEIPT,
    /** {@code String}. */
    IDEMPOTENCY_KEY,
    /** {@code String}. */
    JOB_ID,
    /** {@link JobStatus}. */
    JOB_STATUS,
    /** {@code Instant}: when SDX last reported a status. */
    LAST_STATUS_AT,
    /** {@code String}: a user id added to the request's approvals (the transition's condition keeps them distinct). */
    APPROVAL
}
