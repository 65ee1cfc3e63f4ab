package sdx.chatops.workers;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import sdx.chatops.config.ChatopsConfig;

/**
 * The bot's background threads, all with bounded queues: a burst of commands meets "busy, try
 * again" instead of growing memory. Work that must not be lost is in the store before it is queued
 * here, so a full queue or a shutdown only delays it until the next sweep.
 */
@ApplicationScoped
public class WorkerPools {

    private static final Logger LOG = Logger.getLogger(WorkerPools.class);

    private final ThreadPoolExecutor interactions;
    private final ThreadPoolExecutor clicks;
    private final ThreadPoolExecutor submissions;

    @Inject
    public WorkerPools(ChatopsConfig config) {
        int threads = config.workers().commandThreads();
        this.interactions = bounded("sdx-interaction", threads, config.workers().commandQueue());
        this.clicks = bounded("sdx-click", threads, config.workers().clickQueue());
        this.submissions = bounded("sdx-submit", config.workers().submitThreads(), 1_000);
    }

    /** Slash commands, form submissions and other interactions, after Slack has been acknowledged. */
    public ExecutorService interactions() {
        return interactions;
    }

    /** Approve, Reject and Withdraw clicks, after Slack has been acknowledged. */
    public ExecutorService clicks() {
        return clicks;
    }

    /** SDX submissions of approved requests. */
    public ExecutorService submissions() {
        return submissions;
    }

    void stop(@Observes ShutdownEvent event) {
        for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] { interactions, clicks, submissions }) {
            pool.shutdown();
        }
        try {
            // Bounded so the whole shutdown fits Kubernetes' 30 s grace period; a submission still
            // running after that is found in SUBMITTING at the next start and reconciled.
            if (!interactions.awaitTermination(5, TimeUnit.SECONDS) || !clicks.awaitTermination(2, TimeUnit.SECONDS)
                    || !submissions.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("background work still running at shutdown; stored work resumes at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor bounded(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new GuardedPool(threads, new ArrayBlockingQueue<>(queue), factory);
    }

    /**
     * A pool whose tasks cannot kill its threads or log stack traces: whatever a task throws is
     * logged as one line (the exception's class and message, never a trace) and the thread goes on.
     * What the task was doing is in the store and resumes with the next sweep. A task runs in the
     * caller's trace context (the command's or click's span), so what it does is part of that trace.
     */
    private static final class GuardedPool extends ThreadPoolExecutor {

        GuardedPool(int threads, ArrayBlockingQueue<Runnable> queue, ThreadFactory factory) {
            super(threads, threads, 60, TimeUnit.SECONDS, queue, factory, new ThreadPoolExecutor.AbortPolicy());
        }

        @Override
        public void execute(Runnable task) {
            Runnable traced = Context.current().wrap(task);
            super.execute(() -> {
                try {
                    traced.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.errorf("background task failed: %s", oneLine(e));
                }
            });
        }
    }

    /** An exception as one short line for the log: its class and the start of its message. */
    public static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
        return e.getClass().getSimpleName() + (message.isEmpty() ? ""
                : ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
    }
}
