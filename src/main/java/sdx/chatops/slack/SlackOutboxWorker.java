package sdx.chatops.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.approval.CancelUnpostedRequest;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.RequestLog;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.metrics.MetricLabels;
import sdx.chatops.retry.Backoff;
import sdx.chatops.store.OutboxEntry;
import sdx.chatops.store.OutboxSignal;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.workers.WorkerPools;

/**
 * Delivers what the store says Slack must be told, oldest first, one entry per request at a time
 * so a thread reads in order. Entries of different requests go out concurrently (a slow answer in
 * one channel holds up nothing elsewhere); posts to a channel are paced to Slack's one message per
 * second, so a burst is delivered in full instead of being throttled away. Retries what can
 * succeed later (429 after Retry-After, 5xx and network errors with backoff); records and logs
 * once what never will. Entries are claimed in the store, in batches, together with their
 * channel's pace, so several replicas deliver each message once and together respect the pace.
 */
@ApplicationScoped
public class SlackOutboxWorker {

    private static final Logger LOG = Logger.getLogger(SlackOutboxWorker.class);
    private static final Duration CHANNEL_PACE = Duration.ofSeconds(1);
    /** 1 s, 2 s, 4 s ... up to 5 minutes, with jitter so that retries do not arrive in step. */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.25);
    private static final Duration MIN_WAIT = Duration.ofMillis(20);
    private static final Duration MAX_RECORD_PAUSE = Duration.ofSeconds(5);

    private final OutboxStore outbox;
    private final SlackDelivery delivery;
    private final OutboxSignal signal;
    private final CancelUnpostedRequest cancelUnposted;
    private final MeterRegistry registry;
    private final ChatopsConfig config;
    private final Clock clock;
    private final int threads;
    /** Deliveries in flight: claimed, not yet recorded. */
    private final Semaphore slots;
    private volatile boolean running;
    private Thread thread;
    private ExecutorService deliveries;

    @Inject
    public SlackOutboxWorker(OutboxStore outbox, SlackDelivery delivery, OutboxSignal signal,
            CancelUnpostedRequest cancelUnposted, MeterRegistry registry, ChatopsConfig config, Clock clock) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.signal = signal;
        this.cancelUnposted = cancelUnposted;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.threads = Math.max(1, config.workers().deliveryThreads());
        this.slots = new Semaphore(threads);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        AtomicInteger count = new AtomicInteger();
        deliveries = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "sdx-slack-delivery-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        if (deliveries != null) {
            deliveries.shutdown();
            deliveries.awaitTermination(5, TimeUnit.SECONDS);
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
                LOG.warnf("outbox round failed, retrying: %s", WorkerPools.oneLine(e));
                sleepQuietly(config.workers().outboxIdle());
            }
        }
    }

    /**
     * Claims what is due, as many entries as there are free delivery threads, and hands them to
     * those threads; returns how long to wait before the next round (zero: go again now).
     */
    Duration runOnce() throws InterruptedException {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        OutboxStore.Claim claim;
        try {
            Instant now = clock.instant();
            claim = outbox.claimDue(now, free, config.store().leaseTime(), CHANNEL_PACE, SlackOutboxWorker::pacedChannel);
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        List<OutboxStore.Claimed> claimed = claim.claimed();
        slots.release(free - claimed.size());
        for (OutboxStore.Claimed taken : claimed) {
            deliveries.execute(() -> {
                try (RequestLog log = RequestLog.of(taken.request())) {
                    deliver(taken.entry(), taken.request());
                } catch (RuntimeException e) {
                    LOG.warnf("outbox entry %d: delivery failed: %s", taken.entry().id(), WorkerPools.oneLine(e));
                } finally {
                    slots.release();
                    // The request's next entry, if any, is due now that this one is done.
                    signal.wake();
                }
            });
        }
        if (!claimed.isEmpty()) {
            return Duration.ZERO;
        }
        Duration wait = config.workers().outboxIdle();
        if (claim.paceFreeAt() != null) {
            Duration untilFree = Duration.between(clock.instant(), claim.paceFreeAt());
            wait = untilFree.compareTo(wait) < 0 ? untilFree : wait;
            wait = wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
        }
        return wait;
    }

    private static String pacedChannel(OutboxEntry entry, ChangeRequest request) {
        return SlackDelivery.postsInChannel(entry.notice()) ? SlackDelivery.channelOf(entry.notice(), request) : null;
    }

    private void deliver(OutboxEntry entry, ChangeRequest request) {
        Notice notice = entry.notice();
        SlackDelivery.Outcome outcome = delivery.deliver(notice, request);
        registry.counter(BotMetrics.SLACK_DELIVERIES, "kind", kind(notice), "outcome", MetricLabels.label(outcome))
                .increment();
        Instant now = clock.instant();
        if (outcome instanceof SlackDelivery.Outcome.Delivered) {
            delivered(entry, request, now);
        }
        if (outcome instanceof SlackDelivery.Outcome.Delivered done) {
            if (done.ts() != null && notice instanceof Notice.PointerMessage) {
                record(entry, () -> outbox.pointerPosted(entry, request, done.ts(), now));
            } else if (done.ts() != null) {
                record(entry, () -> outbox.approvalPosted(entry, request, request.approvalChannelId(), done.ts(), now));
            } else {
                record(entry, () -> outbox.delivered(entry.id(), now));
            }
        } else if (outcome instanceof SlackDelivery.Outcome.Retry retry) {
            Duration after = retry.after() != null ? retry.after() : BACKOFF.after(entry.attempts());
            record(entry, () -> outbox.retryAt(entry.id(), now.plus(after), retry.error()));
            if (entry.attempts() == 0) {
                LOG.warnf("Slack %s for request %s not delivered (%s); retrying in %ss", kind(notice), request.code(),
                        retry.error(), after.toSeconds());
            }
        } else if (outcome instanceof SlackDelivery.Outcome.GiveUp giveUp) {
            if (notice instanceof Notice.ApprovalMessage) {
                // Before the entry is closed: a crash in between delivers the entry again, which Slack
                // refuses again, and the cancellation (a no-op the second time) is not lost.
                record(entry, () -> cancelUnposted.cancel(request.id(), giveUp.error()));
            }
            record(entry, () -> outbox.failed(entry.id(), now, giveUp.error()));
            LOG.errorf("Slack %s for request %s in channel %s failed permanently: %s", kind(notice), request.code(),
                    request.approvalChannelId(), giveUp.error());
        }
    }

    /** How long what was delivered waited: for every kind, and for the moments people wait for. */
    private void delivered(OutboxEntry entry, ChangeRequest request, Instant now) {
        Notice notice = entry.notice();
        BotMetrics.record(registry, BotMetrics.OUTBOX_DELAY, Duration.between(entry.createdAt(), now), "kind", kind(notice));
        if (notice instanceof Notice.ApprovalMessage) {
            BotMetrics.record(registry, BotMetrics.REQUEST_POSTED, Duration.between(request.createdAt(), now));
        } else if (notice instanceof Notice.Receipt && request.decidedAt() != null) {
            BotMetrics.record(registry, BotMetrics.RECEIPT_POSTED, Duration.between(request.decidedAt(), now));
        } else if (notice instanceof Notice.JobStatusChanged) {
            BotMetrics.record(registry, BotMetrics.STATUS_POSTED, Duration.between(entry.createdAt(), now));
        }
    }

    /** The delivery kind as a metric label: one per Slack call, not per notice type. */
    static String kind(Notice notice) {
        if (notice instanceof Notice.ApprovalMessage) {
            return "approval_message";
        }
        if (notice instanceof Notice.ApprovalRefresh) {
            return "approval_update";
        }
        if (notice instanceof Notice.PointerMessage) {
            return "pointer_message";
        }
        return notice instanceof Notice.ApprovalNotPosted ? "ephemeral" : "thread_reply";
    }

    /**
     * Writes what Slack answered. Slack has already acted, so the write is retried until the store
     * takes it: giving up would leave the entry claimed and, once the claim ran out, send it twice.
     * Only shutdown stops the retries (then the claim runs out and the entry may be sent again).
     */
    private void record(OutboxEntry entry, Runnable write) {
        Duration pause = Duration.ofMillis(250);
        boolean warned = false;
        while (true) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    LOG.warnf("outbox entry %d: Slack answered but the store could not record it before shutdown", entry.id());
                    return;
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

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
