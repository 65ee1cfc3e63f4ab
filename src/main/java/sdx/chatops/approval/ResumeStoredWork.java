package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.slack.ThreadMessages;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.InstanceId;
import sdx.chatops.work.OutboxSignal;

/**
 * Picks up work the store says is unfinished: approved requests never sent (a restart, a full
 * pool, a retry that is due) are submitted; a submission that was in flight when the bot died gets
 * an unknown outcome, never sent again, and is reconciled; jobs without news are checked on. Runs at
 * start and then periodically, on every replica: claims and leases in the store make each piece of
 * work happen once.
 */
@ApplicationScoped
public class ResumeStoredWork {

    private static final Logger LOG = Logger.getLogger(ResumeStoredWork.class);

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final SubmitJob submitJob;
    private final CheckOnJob checkOnJob;
    private final InstanceId instance;
    private final ChatopsConfig config;
    private final Clock clock;
    private ScheduledExecutorService timer;

    @Inject
    public ResumeStoredWork(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal,
            SubmitJob submitJob, CheckOnJob checkOnJob, InstanceId instance, ChatopsConfig config, Clock clock) {
        this.checkOnJob = checkOnJob;
        this.instance = instance;
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.submitJob = submitJob;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sdx-resume");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.workers().sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::sweepSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("sweep of stored work failed, will retry: %s", e.getMessage());
        }
    }

    void sweep() {
        Instant now = clock.instant();
        for (String id : db.inTransaction(c -> requests.dueForSubmission(c, now, 100))) {
            submitJob.submitSoon(id);
        }
        markInterruptedSubmissions(now);
        for (String id : db.inTransaction(c -> requests.dueForCheck(c, now, 20))) {
            boolean mine = db
                    .inTransaction(c -> requests.lease(c, id, instance.value(), now.plus(config.store().leaseTime()), now));
            if (mine) {
                try {
                    checkOnJob.check(id);
                } finally {
                    db.inTransaction(c -> {
                        requests.release(c, id);
                        return null;
                    });
                }
            }
        }
    }

    private void markInterruptedSubmissions(Instant now) {
        // Longer than any SDX call can take: such a submission is no longer in flight anywhere.
        Duration inFlight = config.sdx().connectTimeout().plus(config.sdx().readTimeout()).plusSeconds(5);
        List<String> stale = db.inTransaction(c -> requests.idsInState(c, RequestState.SUBMITTING, now.minus(inFlight), 100));
        for (String id : stale) {
            String reason = "the bot stopped while sending the job to SDX";
            Optional<ChangeRequest> marked = db.inTransaction(c -> {
                if (!requests.markNotQueued(c, id, RequestState.SUBMITTING, RequestState.UNKNOWN, reason, now, now)) {
                    return Optional.empty();
                }
                Optional<ChangeRequest> request = requests.find(c, id);
                outbox.replyAndRefresh(c, id, ThreadMessages.outcomeUnknown(request.orElseThrow(), reason), now);
                return request;
            });
            marked.ifPresent(r -> LOG.warnf("request %s: submission interrupted, outcome unknown", r.code()));
        }
        if (!stale.isEmpty()) {
            signal.wake();
        }
    }
}
