package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.slack.ThreadMessages;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxKind;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;

/**
 * SDX reported a job status. Every report is kept (audit); only a status that moves the job forward
 * is posted: repeats, late earlier statuses and anything after a terminal status change nothing.
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
    private final Clock clock;

    @Inject
    public RecordJobStatus(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.clock = clock;
    }

    public Result record(String notifyToken, Report report) {
        JobStatus status = JobStatus.of(report.status());
        Instant now = clock.instant();
        String payload = report.rawPayload().length() > MAX_STORED_PAYLOAD
                ? report.rawPayload().substring(0, MAX_STORED_PAYLOAD)
                : report.rawPayload();
        Result result = db.inTransaction(c -> {
            Optional<ChangeRequest> found = requests.findByNotifyTokenHash(c, NotifyTokens.hash(notifyToken));
            if (found.isEmpty()) {
                return Result.UNKNOWN_JOB;
            }
            ChangeRequest request = found.get();
            boolean applied = requests.advanceJobStatus(c, request.id(), status, report.jobId(), now);
            requests.recordJobEvent(c, request.id(), status, applied, payload, now);
            if (applied) {
                outbox.enqueue(c, request.id(), OutboxKind.THREAD_REPLY, ThreadMessages.jobStatus(request, status), now);
                outbox.enqueue(c, request.id(), OutboxKind.APPROVAL_UPDATE, null, now);
                LOG.infof("request %s: SDX job status %s", request.code(), status.name());
            } else {
                LOG.debugf("request %s: SDX job status %s ignored (repeat or out of order)", request.code(), status.name());
            }
            return applied ? Result.APPLIED : Result.IGNORED;
        });
        if (result == Result.APPLIED) {
            signal.wake();
        }
        return result;
    }
}
