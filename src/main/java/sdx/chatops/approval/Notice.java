package sdx.chatops.approval;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Slack must be told about a request, as a typed fact: the outbox stores these (as JSON, the
 * type name as its kind), never pre-rendered text, and {@code slack/} renders them at delivery. So
 * the wording can change, a marker can be added to every message, and another transport needs no
 * change here. Type names are stored: never rename one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Notice.ApprovalMessage.class, name = "approval_message"),
        @JsonSubTypes.Type(value = Notice.ApprovalRefresh.class, name = "approval_refresh"),
        @JsonSubTypes.Type(value = Notice.Receipt.class, name = "receipt"),
        @JsonSubTypes.Type(value = Notice.JobStatusChanged.class, name = "job_status"),
        @JsonSubTypes.Type(value = Notice.SubmissionDeferred.class, name = "submission_deferred"),
        @JsonSubTypes.Type(value = Notice.SubmissionFailed.class, name = "submission_failed"),
        @JsonSubTypes.Type(value = Notice.OutcomeUnknown.class, name = "outcome_unknown"),
        @JsonSubTypes.Type(value = Notice.JobFound.class, name = "job_found"),
        @JsonSubTypes.Type(value = Notice.JobMissing.class, name = "job_missing"),
        @JsonSubTypes.Type(value = Notice.ApprovalNotPosted.class, name = "approval_not_posted"),
        @JsonSubTypes.Type(value = Notice.LegacyThreadReply.class, name = "legacy_thread_reply"),
        @JsonSubTypes.Type(value = Notice.PointerMessage.class, name = "pointer_message"),
        @JsonSubTypes.Type(value = Notice.Expired.class, name = "expired"),
        @JsonSubTypes.Type(value = Notice.JobArtifacts.class, name = "job_artifacts"),
        @JsonSubTypes.Type(value = Notice.CancelAttempt.class, name = "cancel_attempt") })
@RegisterForReflection
public sealed interface Notice {

    /** Post the approval message in the channel; its ts anchors the thread. */
    @RegisterForReflection
    record ApprovalMessage() implements Notice {
    }

    /** Re-render the approval message from the request's state at delivery time. */
    @RegisterForReflection
    record ApprovalRefresh() implements Notice {
    }

    /** SDX queued the job: its receipt, in the thread. */
    @RegisterForReflection
    record Receipt(QueueReceipt receipt) implements Notice {
    }

    /** A new job status, in the thread. */
    @RegisterForReflection
    record JobStatusChanged(String status) implements Notice {
    }

    /** Nothing reached SDX; retried automatically for {@code retryForMinutes}. */
    @RegisterForReflection
    record SubmissionDeferred(String reason, long retryForMinutes) implements Notice {
    }

    /** Nothing was queued, for good. */
    @RegisterForReflection
    record SubmissionFailed(String reason) implements Notice {
    }

    /** The job may exist in SDX; it is being looked for, never re-sent. */
    @RegisterForReflection
    record OutcomeUnknown(String reason) implements Notice {
    }

    /** A lost submission was found in SDX's job list. */
    @RegisterForReflection
    record JobFound(String jobId, String idempotencyKey) implements Notice {
    }

    /** A lost submission did not create a job. */
    @RegisterForReflection
    record JobMissing() implements Notice {
    }

    /** To the requester only: Slack refused the approval message, so the request was cancelled. */
    @RegisterForReflection
    record ApprovalNotPosted(String error) implements Notice {
    }

    /**
     * A thread reply rendered by a version of the bot before typed notices, still undelivered when
     * the store was upgraded (migration V4). Never created by the workflow.
     */
    @RegisterForReflection
    record LegacyThreadReply(String text) implements Notice {
    }

    /**
     * With an approvals channel: a one-line pointer in the request's own channel to the approval
     * message; refreshed with the approval message, so it shows the outcome too.
     */
    @RegisterForReflection
    record PointerMessage() implements Notice {
    }

    /** In the thread, mentioning the requester: nobody approved in time. */
    @RegisterForReflection
    record Expired(long afterSeconds, int approvals, int required) implements Notice {
    }

    /** After the job ended, in the thread: the backup SDX took before it and the job's log, as SDX gave them. */
    @RegisterForReflection
    record JobArtifacts(String backup, String logUrl) implements Notice {
    }

    /**
     * Someone asked to cancel the job ({@code /sdx cancel}): what SDX said, in the thread.
     *
     * @param outcome {@code cancelled}, {@code already_started}, {@code not_found}, {@code refused} or {@code unavailable}
     */
    @RegisterForReflection
    record CancelAttempt(String by, String outcome, String message) implements Notice {
    }
}
