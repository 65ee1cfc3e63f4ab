package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;

/**
 * SDX reported a job status, by callback or because the bot asked. Every report is kept in the audit
 * trail; only a status that moves the job forward is applied and posted: repeats, late earlier
 * statuses and anything after a terminal status change nothing.
 */
@ApplicationScoped
public class RecordJobStatus {

    private static final Logger LOG = Logger.getLogger(RecordJobStatus.class);
    /** How much of a callback body the audit trail keeps. */
    static final int MAX_STORED_BODY = 4_096;

    /** What a status report carries that we use; the body only for the audit trail. */
    public record Report(String status, String jobId, String rawBody) {
    }

    public enum Result {
        /** The token matches no job. */
        UNKNOWN_JOB,
        /** Recorded, and posted to the thread. */
        APPLIED,
        /** Recorded only: a repeat, or older than what is known. */
        IGNORED
    }

    private final RequestStore store;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public RecordJobStatus(RequestStore store, ChatopsConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** A callback: the token in the notify URL names the job. */
    public Result fromCallback(String notifyToken, Report report) {
        Optional<ChangeRequest> found = store.findByNotifyTokenHash(NotifyTokens.hash(notifyToken));
        // A callback proves callbacks work: the next poll waits for the full grace period.
        return found.isEmpty() ? Result.UNKNOWN_JOB : apply(found.get(), report, "callback", config.sdx().callbackGrace());
    }

    /** A status the bot read from SDX itself (polling or reconciliation). */
    public Result fromPoll(String requestId, Report report) {
        Optional<ChangeRequest> found = store.find(requestId);
        return found.isEmpty() ? Result.UNKNOWN_JOB : apply(found.get(), report, "poll", config.sdx().pollInterval());
    }

    private Result apply(ChangeRequest request, Report report, String source, Duration nextCheck) {
        JobStatus status = JobStatus.of(report.status());
        Instant now = clock.instant();
        Transition transition = Transition.of(request.id(), EventKind.JOB_STATUS, Transition.SDX, now)
                .from(RequestState.SUBMITTING, RequestState.UNKNOWN, RequestState.QUEUED, RequestState.RUNNING)
                .to(status.requestState()).when(r -> r.jobStatusRank() < status.rank())
                .set(RequestField.JOB_STATUS, status).set(RequestField.LAST_STATUS_AT, now)
                // A completed or failed job is looked at once more, for its backup and log (CheckOnJob).
                .set(RequestField.NOT_BEFORE, status.isTerminal() ? (status.name().equals("deleted") ? null : now)
                        : now.plus(nextCheck))
                .detail("status", status.name()).detail("source", source).detail("job_id", report.jobId())
                .detail("body", shortened(report.rawBody()))
                .notify(new Notice.JobStatusChanged(status.name()), new Notice.ApprovalRefresh());
        if ("callback".equals(source)) {
            // What SDX sent is kept even when it changes nothing; a poll that finds nothing new is not news.
            transition.recordWhenRefused();
        }
        if (report.jobId() != null) {
            transition.set(RequestField.JOB_ID, report.jobId());
        }
        boolean applied = store.apply(transition).isPresent();
        try (RequestLog log = RequestLog.of(request)) {
            if (applied) {
                LOG.infof("request %s: SDX job status %s (%s)", request.code(), status.name(), source);
            } else {
                LOG.debugf("request %s: SDX job status %s ignored (repeat or out of order)", request.code(), status.name());
            }
        }
        return applied ? Result.APPLIED : Result.IGNORED;
    }

    private static String shortened(String body) {
        if (body == null || body.length() <= MAX_STORED_BODY) {
            return body;
        }
        int end = Character.isHighSurrogate(body.charAt(MAX_STORED_BODY - 1)) ? MAX_STORED_BODY - 1 : MAX_STORED_BODY;
        return body.substring(0, end);
    }
}
