package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.workers.Heartbeat;
import sdx.chatops.workers.Heartbeats;

/**
 * Picks up work the store says is unfinished: approved requests never sent (a restart, a full
 * pool, a retry that is due) are submitted; a submission that was in flight when the bot died gets
 * an unknown outcome, never sent again, and is reconciled; jobs without news are checked on. Runs at
 * start and then periodically, on every replica: claims and leases in the store make each piece of
 * work happen once, and a sweep that overruns its interval is never run twice at a time.
 */
@ApplicationScoped
public class ResumeStoredWork {

    private static final Logger LOG = Logger.getLogger(ResumeStoredWork.class);

    private final RequestStore store;
    private final SubmitJob submitJob;
    private final CheckOnJob checkOnJob;
    private final ExpireRequests expiry;
    private final ChatopsConfig config;
    private final Clock clock;
    private final Heartbeat heartbeat;
    private volatile boolean storeReady;

    @Inject
    public ResumeStoredWork(RequestStore store, SubmitJob submitJob, CheckOnJob checkOnJob, ExpireRequests expiry,
            ChatopsConfig config, Clock clock, Heartbeats heartbeats) {
        this.expiry = expiry;
        this.store = store;
        this.submitJob = submitJob;
        this.checkOnJob = checkOnJob;
        this.config = config;
        this.clock = clock;
        this.heartbeat = heartbeats.register("sweep", quiet(config.workers().sweepInterval()));
    }

    /**
     * How long the sweep may go without starting: a sweep that overruns is not started again until it
     * ends, and each of its calls to the store and SDX is bounded, so ten intervals (at least ten
     * minutes) without one is a sweep that will not end ({@code /q/health/live}).
     */
    static Duration quiet(Duration interval) {
        Duration tenIntervals = interval.multipliedBy(10);
        return tenIntervals.compareTo(Duration.ofMinutes(10)) > 0 ? tenIntervals : Duration.ofMinutes(10);
    }

    @Scheduled(identity = "sdx-resume-stored-work", every = "${chatops.workers.sweep-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepSafely() {
        heartbeat.beat();
        if (!storeReady) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("sweep of stored work failed, will retry: %s", e.getMessage());
        }
    }

    void storeReady(@Observes StoreReady event) {
        storeReady = true;
    }

    void sweep() {
        Instant now = clock.instant();
        for (String id : store.dueForSubmission(now, 100)) {
            submitJob.submitSoon(id);
        }
        markInterruptedSubmissions(now);
        expiry.expireDue();
        for (String id : store.dueForCheck(now, 20)) {
            if (store.lease(id, now.plus(config.store().leaseTime()), now)) {
                try {
                    checkOnJob.check(id);
                } finally {
                    store.release(id);
                }
            }
        }
    }

    private void markInterruptedSubmissions(Instant now) {
        // Longer than any SDX call can take: such a submission is no longer in flight anywhere.
        Duration inFlight = config.sdx().connectTimeout().plus(config.sdx().readTimeout()).plusSeconds(5);
        Instant cutoff = now.minus(inFlight);
        String reason = "the bot stopped while sending the job to SDX";
        for (String id : store.idsInState(RequestState.SUBMITTING, cutoff, 100)) {
            store.apply(Transition.of(id, EventKind.OUTCOME_UNKNOWN, Transition.BOT, now).from(RequestState.SUBMITTING)
                    .to(RequestState.UNKNOWN).when(r -> r.submittedAt() == null || !r.submittedAt().isAfter(cutoff))
                    .set(RequestField.FAILURE, reason).set(RequestField.NOT_BEFORE, now).detail("reason", reason)
                    .notify(new Notice.OutcomeUnknown(reason), new Notice.ApprovalRefresh()))
                    .ifPresent(request -> {
                        try (RequestLog log = RequestLog.of(request)) {
                            LOG.warnf("request %s: submission interrupted, outcome unknown", request.code());
                        }
                    });
        }
    }
}
