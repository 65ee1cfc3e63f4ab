package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.retry.Backoff;
import sdx.chatops.workers.WorkerPools;

/**
 * Sends an approved request to SDX. It first waits for a turn in SDX's call budget, as
 * {@code APPROVED}; then the request is claimed ({@code APPROVED -> SUBMITTING}) right before the
 * call, so a second submitter, a sweep, another replica or a restart never sends it again, and only
 * the calls in flight are ever {@code SUBMITTING}. Only
 * what cannot have created a job is retried (SDX's 429, or a request that never left); a lost
 * answer becomes UNKNOWN and is reconciled from SDX's job list, never re-sent.
 */
@ApplicationScoped
public class SubmitJob {

    private static final Logger LOG = Logger.getLogger(SubmitJob.class);
    /** 5 s, 10 s, 20 s ... at most 2 minutes. */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), 0);

    private final RequestStore store;
    private final SdxJobs sdx;
    private final WorkerPools pools;
    private final ChatopsConfig config;
    private final Clock clock;
    /** Requests queued for submission or being submitted by this process. */
    private final Set<String> underway = ConcurrentHashMap.newKeySet();

    @Inject
    public SubmitJob(RequestStore store, SdxJobs sdx, WorkerPools pools, ChatopsConfig config, Clock clock) {
        this.store = store;
        this.sdx = sdx;
        this.pools = pools;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Submits off the caller's thread, once per request at a time in this process: a sweep that finds
     * a request still APPROVED while it waits for its turn does not queue it again (each would take a
     * call from SDX's budget). If the pool is full the stored APPROVED state waits for the sweep.
     */
    public void submitSoon(String requestId) {
        if (!underway.add(requestId)) {
            return;
        }
        try {
            pools.submissions().execute(() -> {
                try {
                    submit(requestId);
                } finally {
                    underway.remove(requestId);
                }
            });
        } catch (RejectedExecutionException e) {
            underway.remove(requestId);
            LOG.warnf("request %s: submission deferred to the next sweep (pool busy or stopping)", requestId);
        }
    }

    public void submit(String requestId) {
        Optional<ChangeRequest> approved = store.find(requestId).filter(r -> r.state() == RequestState.APPROVED);
        if (approved.isEmpty()) {
            return;
        }
        // The turn before the claim: waiting for SDX's limit holds nothing but an APPROVED request.
        // If the claim then fails (another replica, a withdrawal), the turn goes unused.
        QueueTurn turn = sdx.awaitTurnToQueue();
        int attempt = approved.get().submitAttempts() + 1;
        String token = NotifyTokens.newToken();
        Instant claimedAt = clock.instant();
        Optional<ChangeRequest> claimed = store.apply(Transition
                .of(requestId, EventKind.SUBMISSION_STARTED, Transition.BOT, claimedAt)
                .from(RequestState.APPROVED).to(RequestState.SUBMITTING)
                .when(r -> r.submitAttempts() == attempt - 1)
                .set(RequestField.NOTIFY_TOKEN_HASH, NotifyTokens.hash(token))
                .set(RequestField.SUBMITTED_AT, claimedAt).set(RequestField.SUBMIT_ATTEMPTS, attempt)
                .set(RequestField.NOT_BEFORE, null).detail("attempt", attempt));
        if (claimed.isEmpty()) {
            return;
        }
        ChangeRequest request = claimed.get();
        try (RequestLog log = RequestLog.of(request)) {
            QueueOutcome outcome = sdx.queue(turn, request.site().id(),
                    new JobSubmission(description(request), request.script(), request.options(), notifyUrl(token)));
            Instant answeredAt = clock.instant();
            if (store.apply(outcomeOf(request, outcome, answeredAt)).isEmpty()
                    && outcome instanceof QueueOutcome.Accepted accepted) {
                // SDX called back before its answer to the submission arrived: the job has moved on, but
                // the receipt is still owed to the channel.
                store.apply(lateReceipt(request, accepted.receipt(), answeredAt));
            }
            LOG.infof("request %s submitted to SDX (attempt %d): %s", request.code(), attempt,
                    outcome.getClass().getSimpleName());
        }
    }

    private Transition outcomeOf(ChangeRequest request, QueueOutcome outcome, Instant now) {
        String id = request.id();
        if (outcome instanceof QueueOutcome.Accepted accepted) {
            QueueReceipt receipt = accepted.receipt();
            return Transition.of(id, EventKind.QUEUED, Transition.SDX, now).from(RequestState.SUBMITTING)
                    .to(RequestState.QUEUED).set(RequestField.RECEIPT, receipt).set(RequestField.FAILURE, null)
                    .set(RequestField.NOT_BEFORE, now.plus(firstStatusCheck()))
                    .detail("sdx_request_id", receipt.requestId()).detail("idempotency_key", receipt.idempotencyKey())
                    .detail("sdx_date", receipt.date())
                    .notify(new Notice.Receipt(receipt), new Notice.ApprovalRefresh());
        }
        if (outcome instanceof QueueOutcome.Unknown unknown) {
            return Transition.of(id, EventKind.OUTCOME_UNKNOWN, Transition.BOT, now).from(RequestState.SUBMITTING)
                    .to(RequestState.UNKNOWN).set(RequestField.FAILURE, unknown.reason())
                    .set(RequestField.NOT_BEFORE, now.plus(config.sdx().pollInterval()))
                    .detail("reason", unknown.reason())
                    .notify(new Notice.OutcomeUnknown(unknown.reason()), new Notice.ApprovalRefresh());
        }
        if (outcome instanceof QueueOutcome.Refused refused) {
            return failed(request, "SDX answered " + refused.describe(), now).detail("http_status", refused.httpStatus())
                    .detail("sdx_code", refused.code());
        }
        return retryOrGiveUp(request, outcome, now);
    }

    /**
     * The receipt of a job whose first status arrived before SDX's answer to the submission: kept and
     * posted, while the state and the next check stay what that status made them.
     */
    private static Transition lateReceipt(ChangeRequest request, QueueReceipt receipt, Instant now) {
        return Transition.of(request.id(), EventKind.QUEUED, Transition.SDX, now)
                .from(RequestState.QUEUED, RequestState.RUNNING, RequestState.COMPLETED, RequestState.FAILED,
                        RequestState.DELETED)
                .when(r -> r.receipt() == null).set(RequestField.RECEIPT, receipt)
                .detail("sdx_request_id", receipt.requestId()).detail("idempotency_key", receipt.idempotencyKey())
                .detail("sdx_date", receipt.date()).detail("after_status", true)
                .notify(new Notice.Receipt(receipt), new Notice.ApprovalRefresh());
    }

    /** Nothing reached SDX (429 or never sent): try again later, within the configured time. */
    private Transition retryOrGiveUp(ChangeRequest request, QueueOutcome outcome, Instant now) {
        String reason;
        Duration wait;
        if (outcome instanceof QueueOutcome.Throttled throttled) {
            reason = "SDX is limiting requests (429)";
            wait = throttled.retryAfter() != null ? throttled.retryAfter() : BACKOFF.after(request.submitAttempts() - 1);
        } else {
            reason = ((QueueOutcome.NotSent) outcome).reason();
            wait = BACKOFF.after(request.submitAttempts() - 1);
        }
        Instant approvedAt = request.decidedAt() != null ? request.decidedAt() : request.createdAt();
        if (now.plus(wait).isAfter(approvedAt.plus(config.sdx().submitRetryFor()))) {
            return failed(request, reason + "; gave up after " + request.submitAttempts() + " attempts", now);
        }
        Transition deferred = Transition.of(request.id(), EventKind.SUBMISSION_DEFERRED, Transition.BOT, now)
                .from(RequestState.SUBMITTING).to(RequestState.APPROVED).set(RequestField.NOT_BEFORE, now.plus(wait))
                .set(RequestField.FAILURE, reason).detail("reason", reason).detail("retry_in_seconds", wait.toSeconds());
        if (request.submitAttempts() == 1) {
            deferred.notify(new Notice.SubmissionDeferred(reason, config.sdx().submitRetryFor().toMinutes()));
        }
        return deferred.notify(new Notice.ApprovalRefresh());
    }

    private static Transition failed(ChangeRequest request, String reason, Instant now) {
        return Transition.of(request.id(), EventKind.SUBMISSION_FAILED, Transition.BOT, now)
                .from(RequestState.SUBMITTING).to(RequestState.SUBMIT_FAILED).set(RequestField.FAILURE, reason)
                .set(RequestField.NOT_BEFORE, null).detail("reason", reason)
                .notify(new Notice.SubmissionFailed(reason), new Notice.ApprovalRefresh());
    }

    /** Without a callback URL, polling starts at once; otherwise only if callbacks stay away. */
    private Duration firstStatusCheck() {
        return config.sdx().publicUrl().isPresent() ? config.sdx().callbackGrace() : config.sdx().pollInterval();
    }

    /**
     * At most 100 characters, the request code first so that it survives shortening: it is how the
     * job is found in SDX's job list when an answer was lost. Then who asked, where, and who approved,
     * so that SDX's own log tells the same story as the audit trail.
     */
    static String description(ChangeRequest r) {
        String who = r.requesterName() == null || r.requesterName().isBlank() ? r.requesterId() : r.requesterName();
        String where = r.channelName() == null || r.channelName().isBlank() ? r.channelId() : "#" + r.channelName();
        String text = r.code() + (r.isEmergency() ? " EMERGENCY" : "") + " via Slack: " + who + " in " + where
                + (r.approvals().isEmpty() ? "" : ", approved by " + String.join(" ", r.approvals()));
        if (text.length() <= JobSubmission.MAX_DESCRIPTION) {
            return text;
        }
        // At most 100 UTF-16 units (within SDX's limit however it counts), never half a character.
        int end = JobSubmission.MAX_DESCRIPTION;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
    }

    /** Null without SDX_PUBLIC_URL: SDX then sends no callbacks and the bot polls instead. */
    private String notifyUrl(String token) {
        return config.sdx().publicUrl().map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/sdx/notify/" + token).orElse(null);
    }
}
