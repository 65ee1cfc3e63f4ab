package sdx.chatops.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
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
import sdx.chatops.tracing.BotTracer;
import sdx.chatops.workers.Heartbeat;
import sdx.chatops.workers.Heartbeats;
import sdx.chatops.workers.WorkerPools;

/**
 * Delivers what the store says Slack must be told, oldest first, one entry per request at a time
 * so a thread reads in order. Entries of different requests go out concurrently (a slow answer in
 * one channel holds up nothing elsewhere); posts to a channel are paced to Slack's one message per
 * second, so a burst is delivered in full instead of being throttled away. Retries what can
 * succeed later (429 after Retry-After, 5xx and network errors with backoff); records and logs
 * once what never will. Entries are claimed in the store, in batches, together with their
 * channel's pace, so several replicas deliver each message once and together respect the pace; what
 * the deliveries did is written with the next claim, so the worker costs the store one short
 * transaction per round, not several per message.
 */
@ApplicationScoped
public class SlackOutboxWorker {

    private static final Logger LOG = Logger.getLogger(SlackOutboxWorker.class);
    private static final Duration CHANNEL_PACE = Duration.ofSeconds(1);
    /** 1 s, 2 s, 4 s ... up to 5 minutes, with jitter so that retries do not arrive in step. */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.25);
    private static final Duration MIN_WAIT = Duration.ofMillis(20);
    private static final Duration MAX_RECORD_PAUSE = Duration.ofSeconds(5);
    /**
     * A turn of the loop waits a few seconds at most and every call it makes to the store is bounded
     * (README, the store): this long without one is a fault of the bot ({@code /q/health/live}).
     */
    static final Duration QUIET = Duration.ofMinutes(5);

    private final OutboxStore outbox;
    private final SlackDelivery delivery;
    private final OutboxSignal signal;
    private final CancelUnpostedRequest cancelUnposted;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final ChatopsConfig config;
    private final Clock clock;
    private final int threads;
    /** What deliveries did, waiting to be written with the next round. */
    private final ConcurrentLinkedQueue<OutboxStore.Done> finished = new ConcurrentLinkedQueue<>();
    private final Heartbeat heartbeat;
    private volatile boolean running;
    private Thread thread;
    private ExecutorService deliveries;

    @Inject
    public SlackOutboxWorker(OutboxStore outbox, SlackDelivery delivery, OutboxSignal signal,
            CancelUnpostedRequest cancelUnposted, MeterRegistry registry, BotTracer tracer, ChatopsConfig config, Clock clock,
            Heartbeats heartbeats) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.signal = signal;
        this.cancelUnposted = cancelUnposted;
        this.registry = registry;
        this.tracer = tracer.get();
        this.config = config;
        this.clock = clock;
        this.threads = Math.max(1, config.workers().deliveryThreads());
        this.heartbeat = heartbeats.register("slack-outbox", QUIET);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        AtomicInteger count = new AtomicInteger();
        deliveries = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "sdx-slack-delivery-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        thread = new Thread(this::loopUntilStopped, "sdx-slack-outbox");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        signal.wake();
        if (thread != null) {
            thread.join(5_000);
        }
        if (deliveries != null) {
            deliveries.shutdown();
            deliveries.awaitTermination(5, TimeUnit.SECONDS);
        }
        // What Slack already answered is written once more, so it is not sent again after the restart;
        // whatever is not delivered stays in the store and goes out after the next start.
        List<OutboxStore.Done> last = drain();
        if (!last.isEmpty()) {
            try {
                outbox.round(last, clock.instant(), 0, config.store().leaseTime(), CHANNEL_PACE,
                        SlackOutboxWorker::pacedChannel);
            } catch (RuntimeException e) {
                LOG.warnf("%d Slack deliveries could not be recorded before shutdown; their claims run out and they"
                        + " may be sent again", last.size());
            }
        }
    }

    /**
     * The loop handles every failure of the store and of Slack itself; anything else ending it is a
     * fault of the bot, said once here and reported by the liveness check, which has the bot restarted.
     */
    private void loopUntilStopped() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            heartbeat.stopped(e);
            LOG.errorf("the outbox worker stopped (%s): nothing more is sent to Slack until the bot restarts;"
                    + " /q/health/live reports it", WorkerPools.oneLine(e));
            throw e;
        }
    }

    /**
     * Each round writes what the finished deliveries did and claims as many due entries as there are
     * free delivery threads, in one transaction; an entry holds its thread until it is written.
     */
    private void loop() {
        List<OutboxStore.Done> pending = new ArrayList<>();
        int inFlight = 0;
        Duration pause = Duration.ofMillis(250);
        boolean warned = false;
        while (running) {
            heartbeat.beat();
            pending.addAll(drain());
            int free = threads - inFlight + pending.size();
            Duration wait;
            if (free == 0) {
                // Every thread is busy with Slack: nothing to write or claim until one of them finishes.
                awaitQuietly(config.workers().outboxIdle());
                continue;
            }
            try {
                OutboxStore.Claim claim = outbox.round(pending, clock.instant(), free, config.store().leaseTime(),
                        CHANNEL_PACE, SlackOutboxWorker::pacedChannel);
                inFlight += claim.claimed().size() - pending.size();
                pending.clear();
                pause = Duration.ofMillis(250);
                warned = false;
                for (OutboxStore.Claimed taken : claim.claimed()) {
                    deliveries.execute(() -> deliverTaken(taken));
                }
                wait = claim.claimed().isEmpty() ? idle(claim, free > 0) : Duration.ZERO;
            } catch (RuntimeException e) {
                // Slack has acted on what is pending: it is written as soon as the store takes it again;
                // giving up would leave the entries claimed and, once the claims ran out, send them twice.
                if (!warned) {
                    LOG.warnf("outbox round failed (%d deliveries to record), retrying: %s", pending.size(),
                            WorkerPools.oneLine(e));
                    warned = true;
                }
                wait = pause;
                pause = pause.multipliedBy(2).compareTo(MAX_RECORD_PAUSE) > 0 ? MAX_RECORD_PAUSE : pause.multipliedBy(2);
            }
            if (!wait.isZero()) {
                awaitQuietly(wait);
            }
        }
    }

    private void awaitQuietly(Duration wait) {
        try {
            signal.await(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** How long to wait when nothing was claimed: until woken, a channel is free again, or the idle time. */
    private Duration idle(OutboxStore.Claim claim, boolean hadFreeThreads) {
        Duration wait = config.workers().outboxIdle();
        if (hadFreeThreads && claim.paceFreeAt() != null) {
            Duration untilFree = Duration.between(clock.instant(), claim.paceFreeAt());
            wait = untilFree.compareTo(wait) < 0 ? untilFree : wait;
            wait = wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
        }
        return wait;
    }

    private List<OutboxStore.Done> drain() {
        List<OutboxStore.Done> done = new ArrayList<>();
        for (OutboxStore.Done d = finished.poll(); d != null; d = finished.poll()) {
            done.add(d);
        }
        return done;
    }

    private void deliverTaken(OutboxStore.Claimed taken) {
        OutboxStore.Done done;
        Span span = OutboxDeliverySpan.start(tracer, taken.entry(), taken.request());
        try (Scope scope = span.makeCurrent(); RequestLog log = RequestLog.of(taken.request())) {
            done = deliver(taken.entry(), taken.request());
        } catch (RuntimeException e) {
            LOG.warnf("outbox entry %d: delivery failed: %s", taken.entry().id(), WorkerPools.oneLine(e));
            done = new OutboxStore.Done.Retry(taken.entry().id(), clock.instant().plus(BACKOFF.after(taken.entry().attempts())),
                    WorkerPools.oneLine(e));
        }
        OutboxDeliverySpan.end(span, done);
        finished.add(done);
        signal.wake();
    }

    private static String pacedChannel(OutboxEntry entry, ChangeRequest request) {
        return SlackDelivery.postsInChannel(entry.notice()) ? SlackDelivery.channelOf(entry.notice(), request) : null;
    }

    private OutboxStore.Done deliver(OutboxEntry entry, ChangeRequest request) {
        Notice notice = entry.notice();
        SlackDelivery.Outcome outcome = delivery.deliver(notice, request);
        registry.counter(BotMetrics.SLACK_DELIVERIES, "kind", kind(notice), "outcome", MetricLabels.label(outcome))
                .increment();
        Instant now = clock.instant();
        if (outcome instanceof SlackDelivery.Outcome.Delivered done) {
            delivered(entry, request, now);
            if (done.ts() == null) {
                return new OutboxStore.Done.Delivered(entry.id(), now);
            }
            boolean pointer = notice instanceof Notice.PointerMessage;
            return new OutboxStore.Done.Posted(entry, request, pointer ? request.channelId() : request.approvalChannelId(),
                    done.ts(), pointer, now);
        }
        if (outcome instanceof SlackDelivery.Outcome.Retry retry) {
            Duration after = retry.after() != null ? retry.after() : BACKOFF.after(entry.attempts());
            if (entry.attempts() == 0) {
                LOG.warnf("Slack %s for request %s not delivered (%s); retrying in %ss", kind(notice), request.code(),
                        retry.error(), after.toSeconds());
            }
            return new OutboxStore.Done.Retry(entry.id(), now.plus(after), retry.error());
        }
        SlackDelivery.Outcome.GiveUp giveUp = (SlackDelivery.Outcome.GiveUp) outcome;
        if (notice instanceof Notice.ApprovalMessage) {
            // Before the entry is closed: a crash in between delivers the entry again, which Slack
            // refuses again, and the cancellation (a no-op the second time) is not lost.
            record(entry, () -> cancelUnposted.cancel(request.id(), giveUp.error()));
        }
        LOG.errorf("Slack %s for request %s in channel %s failed permanently: %s", kind(notice), request.code(),
                request.approvalChannelId(), giveUp.error());
        return new OutboxStore.Done.Failed(entry.id(), now, giveUp.error());
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
