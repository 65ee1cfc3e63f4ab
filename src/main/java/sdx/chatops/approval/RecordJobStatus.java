package sdx.chatops.approval;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.slack.ThreadMessages;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;

/**
 * SDX reported a job status, by callback or because the bot asked. Every report is kept (audit);
 * only a status that moves the job forward is posted: repeats, late earlier statuses and anything
 * after a terminal status change nothing.
 */
@ApplicationScoped
public class RecordJobStatus {

    private static final Logger LOG = Logger.getLogger(RecordJobStatus.class);
    private static final int MAX_STORED_PAYLOAD = 16_384;

    /** What a status report carries that we use; everything else is kept only in the raw payload. */
    public record Report(String status, String jobId, String rawPayload) {
    }

    public enum Result {
        /** The token matches no job. */
        UNKNOWN_JOB,
        /** Recorded, and posted to the thread. */
        APPLIED,
        /** Recorded only: a repeat, or older than what is known. */
        IGNORED
    }

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public RecordJobStatus(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal,
            ChatopsConfig config, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.config = config;
        this.clock = clock;
    }

    /** A callback: the token in the notify URL names the job. */
    public Result fromCallback(String notifyToken, Report report) {
        Instant now = clock.instant();
        Result result = db.inTransaction(c -> {
            Optional<ChangeRequest> found = requests.findByNotifyTokenHash(c, NotifyTokens.hash(notifyToken));
            // A callback proves callbacks work: the next poll waits for the full grace period.
            return found.isEmpty() ? Result.UNKNOWN_JOB : apply(c, found.get(), report, config.sdx().callbackGrace(), now);
        });
        if (result == Result.APPLIED) {
            signal.wake();
        }
        return result;
    }

    /** A status the bot read from SDX itself (polling or reconciliation). */
    public Result fromPoll(String requestId, Report report) {
        Instant now = clock.instant();
        Result result = db.inTransaction(c -> {
            Optional<ChangeRequest> found = requests.find(c, requestId);
            return found.isEmpty() ? Result.UNKNOWN_JOB : apply(c, found.get(), report, config.sdx().pollInterval(), now);
        });
        if (result == Result.APPLIED) {
            signal.wake();
        }
        return result;
    }

    private Result apply(Connection c, ChangeRequest request, Report report, Duration nextCheck, Instant now)
            throws SQLException {
        JobStatus status = JobStatus.of(report.status());
        String payload = report.rawPayload().length() > MAX_STORED_PAYLOAD
                ? report.rawPayload().substring(0, MAX_STORED_PAYLOAD)
                : report.rawPayload();
        boolean applied = requests.advanceJobStatus(c, request.id(), status, report.jobId(), now.plus(nextCheck), now);
        requests.recordJobEvent(c, request.id(), status, applied, payload, now);
        if (applied) {
            outbox.replyAndRefresh(c, request.id(), ThreadMessages.jobStatus(request, status), now);
            LOG.infof("request %s: SDX job status %s", request.code(), status.name());
        } else {
            LOG.debugf("request %s: SDX job status %s ignored (repeat or out of order)", request.code(), status.name());
        }
        return applied ? Result.APPLIED : Result.IGNORED;
    }
}
