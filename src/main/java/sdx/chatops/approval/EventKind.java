package sdx.chatops.approval;

/**
 * What happened to a request: one row of the audit trail ({@code request_event}) each. Names are
 * stored, so they are never renamed; new kinds are added at the end of a group.
 */
public enum EventKind {
    /** An engineer asked for the change. */
    CREATED,
    /** The approval message is in the channel (its ts in the details). */
    APPROVAL_POSTED,
    /**
     * One approver approved. With N approvals needed there are N of these; the last one moves the
     * request to APPROVED (its to-state), the others leave it PENDING.
     */
    APPROVED,
    REJECTED,
    /** Withdrawn before a decision, e.g. because Slack refused the approval message. */
    CANCELLED,
    /** A submitter claimed the approved request and is calling SDX. */
    SUBMISSION_STARTED,
    /** SDX accepted the job; its receipt is in the details. */
    QUEUED,
    /** Nothing reached SDX (429, unreachable): tried again later. */
    SUBMISSION_DEFERRED,
    /** SDX refused the job, or retries ran out: nothing was queued. */
    SUBMISSION_FAILED,
    /** The SDX call may have reached SDX without an answer coming back. */
    OUTCOME_UNKNOWN,
    /** An unknown outcome was found in SDX's job list after all. */
    RECONCILED_FOUND,
    /** An unknown outcome is still missing from SDX's job list after the grace period. */
    RECONCILED_MISSING,
    /** A job status reported by SDX (callback) or read from it (poll), applied or not. */
    JOB_STATUS,
    /** Nobody approved within the rule's approval_ttl. */
    EXPIRED,
    /** The requester took the request back. */
    WITHDRAWN,
    /** An approver's click was refused by the policy at that moment (e.g. a change freeze). */
    DECISION_REFUSED,
    /** The pointer message in the request's channel is posted (with an approvals channel). */
    POINTER_POSTED,
    /** After the job ended: what SDX returned about it (its backup and its log). */
    JOB_ARTIFACTS,
    /** Someone asked SDX to cancel the queued job; the outcome is in the details (the state moves only when cancelled). */
    CANCEL_REQUESTED
}
