package sdx.chatops.approval;

/**
 * Life of a change request. Every transition is one conditional update in the store
 * ({@code ... WHERE state = ?}), so it happens once however many clicks, callbacks or replicas race.
 */
public enum RequestState {
    /** Waiting for an approver. */
    PENDING,
    /** Approved, not yet sent to SDX. */
    APPROVED,
    REJECTED,
    /** Claimed by a submitter; the SDX call may be under way. */
    SUBMITTING,
    /** SDX refused the job or could not be reached before it was sent: nothing was queued. */
    SUBMIT_FAILED,
    /** The SDX call may have reached SDX but no answer came back: the job may exist. */
    UNKNOWN,
    /** SDX accepted the job. */
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    DELETED,
    /** Withdrawn by the bot before a decision, e.g. because the approval message could not be posted. */
    CANCELLED,
    /** Waited longer than its rule's approval_ttl without the approvals it needed. */
    EXPIRED,
    /** Taken back by the requester before a decision. */
    WITHDRAWN;

    public boolean isFinal() {
        return switch (this) {
            case REJECTED, SUBMIT_FAILED, COMPLETED, FAILED, DELETED, CANCELLED, EXPIRED, WITHDRAWN -> true;
            default -> false;
        };
    }
}
