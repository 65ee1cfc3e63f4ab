package sdx.chatops.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.ChannelPace;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxEntry;
import sdx.chatops.store.OutboxKind;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.BotMetrics;
import sdx.chatops.work.InstanceId;
import sdx.chatops.work.OutboxSignal;

/**
 * Delivers what the store says Slack must be told, oldest first, one entry per request at a time
 * so a thread reads in order. Retries what can succeed later (429 after Retry-After, 5xx and network
 * errors with backoff); records and logs once what never will. Posts to a channel are paced to
 * Slack's one message per second, so a burst is delivered in full instead of being throttled away.
 * Entries are claimed in the store before delivery and the pace is kept there, so several replicas
 * deliver each message once and together respect the pace.
 */
@ApplicationScoped
public class SlackOutboxWorker {

    private static final Logger LOG = Logger.getLogger(SlackOutboxWorker.class);
    private static final Duration CHANNEL_PACE = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Duration MIN_WAIT = Duration.ofMillis(20);
    private static final Duration MAX_RECORD_PAUSE = Duration.ofSeconds(5);

    private final Database db;
    private final OutboxStore outbox;
    private final ChangeRequestStore requests;
    private final SlackDelivery delivery;
    private final OutboxSignal signal;
    private final ChannelPace pace;
    private final SlackResponder responder;
    private final BotMetrics metrics;
    private final InstanceId instance;
    private final ChatopsConfig config;
    private final Clock clock;
    private volatile boolean running;
    private Thread thread;

    @Inject
    public SlackOutboxWorker(Database db, OutboxStore outbox, ChangeRequestStore requests, SlackDelivery delivery,
            OutboxSignal signal, ChannelPace pace, SlackResponder responder, BotMetrics metrics, InstanceId instance,
            ChatopsConfig config, Clock clock) {
        this.metrics = metrics;
        this.responder = responder;
        this.pace = pace;
        this.instance = instance;
        this.db = db;
        this.outbox = outbox;
        this.requests = requests;
        this.delivery = delivery;
        this.signal = signal;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "sdx-slack-outbox");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        signal.wake();
        if (thread != null) {
            // Whatever is not delivered now stays in the store and goes out after the next start.
            thread.join(5_000);
        }
    }

    private void loop() {
        while (running) {
            try {
                Duration idle = runOnce();
                if (!idle.isZero()) {
                    signal.await(idle);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox round failed, retrying: %s", e.getMessage());
                sleepQuietly(config.workers().outboxIdle());
            }
        }
    }

    /** Delivers what is due; returns how long to wait before the next round (zero: go again now). */
    Duration runOnce() {
        Instant now = clock.instant();
        List<OutboxEntry> due = db.inTransaction(c -> outbox.due(c, now, 50));
        Duration wait = config.workers().outboxIdle();
        boolean delivered = false;
        Set<String> pacedThisRound = new HashSet<>();
        for (OutboxEntry entry : due) {
            if (!running) {
                break;
            }
            Instant at = clock.instant();
            Instant claimedUntil = at.plus(config.store().leaseTime());
            Optional<ChangeRequest> request = db.inTransaction(c -> requests.find(c, entry.requestId()));
            boolean posts = entry.kind() != OutboxKind.APPROVAL_UPDATE;
            if (request.isEmpty() || (posts && pacedThisRound.contains(request.get().channelId()))
                    || !db.inTransaction(c -> outbox.claim(c, entry.id(), instance.value(), claimedUntil, at))) {
                continue;
            }
            if (posts) {
                Instant free = db.inTransaction(c -> pace.reserve(c, request.get().channelId(), CHANNEL_PACE, at));
                if (free != null) {
                    pacedThisRound.add(request.get().channelId());
                    db.inTransaction(c -> {
                        outbox.unclaim(c, entry.id());
                        return null;
                    });
                    Duration untilFree = Duration.between(at, free);
                    wait = untilFree.compareTo(wait) < 0 ? untilFree : wait;
                    wait = wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
                    continue;
                }
            }
            deliver(entry, request.get());
            delivered = true;
        }
        return delivered ? Duration.ZERO : wait;
    }

    private void deliver(OutboxEntry entry, ChangeRequest request) {
        SlackDelivery.Outcome outcome = delivery.deliver(entry, request);
        metrics.slackDelivery(BotMetrics.label(entry.kind()), BotMetrics.label(outcome));
        Instant now = clock.instant();
        if (outcome instanceof SlackDelivery.Outcome.Delivered done) {
            record(entry, c -> {
                if (done.ts() != null) {
                    requests.setApprovalTs(c, request.id(), done.ts());
                }
                outbox.delivered(c, entry.id(), now);
                return null;
            });
        } else if (outcome instanceof SlackDelivery.Outcome.Retry retry) {
            Duration after = retry.after() != null ? retry.after() : backoff(entry.attempts());
            record(entry, c -> {
                outbox.retryAt(c, entry.id(), now.plus(after), retry.error());
                return null;
            });
            if (entry.attempts() == 0) {
                LOG.warnf("Slack %s for request %s not delivered (%s); retrying in %ss", entry.kind(), request.code(),
                        retry.error(), after.toSeconds());
            }
        } else if (outcome instanceof SlackDelivery.Outcome.GiveUp giveUp) {
            Boolean cancelled = record(entry, c -> {
                outbox.failed(c, entry.id(), now, giveUp.error());
                return entry.kind() == OutboxKind.APPROVAL_MESSAGE
                        && requests.cancel(c, request.id(), "the approval message could not be posted (" + giveUp.error() + ")",
                                now);
            });
            if (Boolean.TRUE.equals(cancelled)) {
                // Nobody can approve a request nobody sees: tell the requester instead of leaving it pending.
                responder.ephemeral(request.responseUrl(), EphemeralReplies.approvalNotPosted(request, giveUp.error()));
            }
            LOG.errorf("Slack %s for request %s in channel %s failed permanently: %s", entry.kind(), request.code(),
                    request.channelId(), giveUp.error());
        }
    }

    /**
     * Writes what Slack answered. Slack has already acted, so the write is retried until the store
     * takes it: giving up would leave the entry claimed and, once the claim ran out, send it twice.
     * Only shutdown stops the retries (then the claim runs out and the entry may be sent again).
     */
    private <T> T record(OutboxEntry entry, Database.Work<T> write) {
        Duration pause = Duration.ofMillis(250);
        boolean warned = false;
        while (true) {
            try {
                return db.inTransaction(write);
            } catch (RuntimeException e) {
                if (!running) {
                    LOG.warnf("outbox entry %d: Slack answered but the store could not record it before shutdown", entry.id());
                    return null;
                }
                if (!warned) {
                    LOG.warnf("outbox entry %d: Slack answered but the store is unavailable (%s); retrying the write",
                            entry.id(), e.getMessage());
                    warned = true;
                }
                sleepQuietly(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_RECORD_PAUSE) > 0 ? MAX_RECORD_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** 1 s, 2 s, 4 s ... up to 5 minutes, with jitter so that retries do not arrive in step. */
    static Duration backoff(int attempts) {
        long base = 1_000L << Math.min(attempts, 9);
        long jitter = ThreadLocalRandom.current().nextLong(base / 4 + 1);
        return Duration.ofMillis(Math.min(base + jitter, MAX_BACKOFF.toMillis()));
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
