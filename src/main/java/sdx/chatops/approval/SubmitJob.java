package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.sdx.QueueJob;
import sdx.chatops.sdx.QueueOutcome;
import sdx.chatops.sdx.SdxClient;
import sdx.chatops.slack.ThreadMessages;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxKind;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;
import sdx.chatops.work.WorkerPools;

/**
 * Sends an approved request to SDX, once. The request is claimed ({@code APPROVED -> SUBMITTING})
 * before the call, so a second submitter, a sweep or a restart never sends it again; what SDX
 * answered is stored with the thread reply that reports it.
 */
@ApplicationScoped
public class SubmitJob {

    private static final Logger LOG = Logger.getLogger(SubmitJob.class);

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final SdxClient sdx;
    private final WorkerPools pools;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public SubmitJob(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal, SdxClient sdx,
            WorkerPools pools, ChatopsConfig config, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.sdx = sdx;
        this.pools = pools;
        this.config = config;
        this.clock = clock;
    }

    /** Submits off the caller's thread; if the pool is full the stored APPROVED state waits for the sweep. */
    public void submitSoon(String requestId) {
        try {
            pools.submissions().execute(() -> submit(requestId));
        } catch (RejectedExecutionException e) {
            LOG.warnf("request %s: submission deferred to the next sweep (pool busy or stopping)", requestId);
        }
    }

    public void submit(String requestId) {
        String token = NotifyTokens.newToken();
        Instant claimedAt = clock.instant();
        Optional<ChangeRequest> claimed = db.inTransaction(c -> requests.claimForSubmission(c, requestId,
                NotifyTokens.hash(token), claimedAt) ? requests.find(c, requestId) : Optional.empty());
        if (claimed.isEmpty()) {
            return;
        }
        ChangeRequest request = claimed.get();
        QueueJob job = new QueueJob(description(request), request.script(), request.options().makeBackup(),
                request.options().expressExecute(), request.options().needsAcknowledgement(), notifyUrl(token));
        QueueOutcome outcome = sdx.queue(request.site().id(), job);
        Instant now = clock.instant();
        db.inTransaction(c -> {
            if (outcome instanceof QueueOutcome.Accepted accepted) {
                requests.markQueued(c, requestId, accepted.receipt(), now);
                outbox.enqueue(c, requestId, OutboxKind.THREAD_REPLY, ThreadMessages.receipt(request, accepted.receipt()), now);
            } else if (outcome instanceof QueueOutcome.Unknown unknown) {
                requests.markNotQueued(c, requestId, RequestState.UNKNOWN, unknown.reason(), now);
                outbox.enqueue(c, requestId, OutboxKind.THREAD_REPLY, ThreadMessages.outcomeUnknown(request, unknown.reason()), now);
            } else {
                String reason = failureReason(outcome);
                requests.markNotQueued(c, requestId, RequestState.SUBMIT_FAILED, reason, now);
                outbox.enqueue(c, requestId, OutboxKind.THREAD_REPLY, ThreadMessages.submitFailed(request, reason), now);
            }
            outbox.enqueue(c, requestId, OutboxKind.APPROVAL_UPDATE, null, now);
            return null;
        });
        signal.wake();
        LOG.infof("request %s submitted to SDX: %s", request.code(), outcome.getClass().getSimpleName());
    }

    private static String failureReason(QueueOutcome outcome) {
        if (outcome instanceof QueueOutcome.Refused refused) {
            return "SDX answered " + SdxClient.describe(refused.httpStatus(), refused.code(), refused.message());
        }
        return ((QueueOutcome.NotSent) outcome).reason();
    }

    /**
     * At most 100 characters, the request code first so that it survives shortening: it is how the
     * job is found in SDX's log.
     */
    static String description(ChangeRequest r) {
        String who = r.requesterName() == null || r.requesterName().isBlank() ? r.requesterId() : r.requesterName();
        String where = r.channelName() == null || r.channelName().isBlank() ? r.channelId() : "#" + r.channelName();
        String text = r.code() + " via Slack: " + who + " in " + where;
        if (text.length() <= QueueJob.MAX_DESCRIPTION) {
            return text;
        }
        // At most 100 UTF-16 units (within SDX's limit however it counts), never half a character.
        int end = QueueJob.MAX_DESCRIPTION;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
    }

    private String notifyUrl(String token) {
        String base = config.sdx().publicUrl().orElseThrow();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/sdx/notify/" + token;
    }
}
