package sdx.chatops.approval;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
import sdx.chatops.work.BotMetrics;
import sdx.chatops.work.OutboxSignal;
import sdx.chatops.work.WorkerPools;

/**
 * Sends an approved request to SDX. The request is claimed ({@code APPROVED -> SUBMITTING}) before
 * the call, so a second submitter, a sweep, another replica or a restart never sends it again. Only
 * what cannot have created a job is retried (SDX's 429, or a request that never left); a lost
 * answer becomes UNKNOWN and is reconciled from SDX's job list, never re-sent.
 */
@ApplicationScoped
public class SubmitJob {

    private static final Logger LOG = Logger.getLogger(SubmitJob.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final SdxClient sdx;
    private final WorkerPools pools;
    private final BotMetrics metrics;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public SubmitJob(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal, SdxClient sdx,
            WorkerPools pools, BotMetrics metrics, ChatopsConfig config, Clock clock) {
        this.metrics = metrics;
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
        metrics.sdxQueue(BotMetrics.label(outcome));
        Instant now = clock.instant();
        db.inTransaction(c -> {
            if (outcome instanceof QueueOutcome.Accepted accepted) {
                requests.markQueued(c, requestId, accepted.receipt(), now.plus(firstStatusCheck()), now);
                reply(c, request, ThreadMessages.receipt(request, accepted.receipt()), now);
            } else if (outcome instanceof QueueOutcome.Unknown unknown) {
                requests.markNotQueued(c, requestId, RequestState.SUBMITTING, RequestState.UNKNOWN, unknown.reason(),
                        now.plus(config.sdx().pollInterval()), now);
                reply(c, request, ThreadMessages.outcomeUnknown(request, unknown.reason()), now);
            } else if (outcome instanceof QueueOutcome.Refused refused) {
                fail(c, request, "SDX answered " + SdxClient.describe(refused.httpStatus(), refused.code(), refused.message()),
                        now);
            } else {
                retryOrGiveUp(c, request, outcome, now);
            }
            outbox.enqueue(c, requestId, OutboxKind.APPROVAL_UPDATE, null, now);
            return null;
        });
        signal.wake();
        LOG.infof("request %s submitted to SDX (attempt %d): %s", request.code(), request.submitAttempts(),
                outcome.getClass().getSimpleName());
    }

    /** Nothing reached SDX (429 or never sent): try again later, within the configured time. */
    private void retryOrGiveUp(Connection c, ChangeRequest request, QueueOutcome outcome, Instant now)
            throws SQLException {
        String reason;
        Duration wait;
        if (outcome instanceof QueueOutcome.Throttled throttled) {
            reason = "SDX is limiting requests (429)";
            wait = throttled.retryAfter() != null ? throttled.retryAfter() : backoff(request.submitAttempts());
        } else {
            reason = ((QueueOutcome.NotSent) outcome).reason();
            wait = backoff(request.submitAttempts());
        }
        Instant approvedAt = request.decidedAt() != null ? request.decidedAt() : request.createdAt();
        if (now.plus(wait).isAfter(approvedAt.plus(config.sdx().submitRetryFor()))) {
            fail(c, request, reason + "; gave up after " + request.submitAttempts() + " attempts", now);
            return;
        }
        requests.deferSubmission(c, request.id(), now.plus(wait), reason, now);
        if (request.submitAttempts() == 1) {
            reply(c, request, ThreadMessages.submissionDeferred(request, reason, config.sdx().submitRetryFor()), now);
        }
    }

    private void fail(Connection c, ChangeRequest request, String reason, Instant now) throws SQLException {
        requests.markNotQueued(c, request.id(), RequestState.SUBMITTING, RequestState.SUBMIT_FAILED, reason, null, now);
        reply(c, request, ThreadMessages.submitFailed(request, reason), now);
    }

    private void reply(Connection c, ChangeRequest request, String text, Instant now) throws SQLException {
        outbox.enqueue(c, request.id(), OutboxKind.THREAD_REPLY, text, now);
    }

    /** Without a callback URL, polling starts at once; otherwise only if callbacks stay away. */
    private Duration firstStatusCheck() {
        return config.sdx().publicUrl().isPresent() ? config.sdx().callbackGrace() : config.sdx().pollInterval();
    }

    /** 5 s, 10 s, 20 s ... at most 2 minutes. */
    static Duration backoff(int attempts) {
        long seconds = 5L << Math.min(Math.max(attempts - 1, 0), 6);
        return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
    }

    /**
     * At most 100 characters, the request code first so that it survives shortening: it is how the
     * job is found in SDX's job list when an answer was lost.
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

    /** Null without SDX_PUBLIC_URL: SDX then sends no callbacks and the bot polls instead. */
    private String notifyUrl(String token) {
        return config.sdx().publicUrl().map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/sdx/notify/" + token).orElse(null);
    }
}
