package sdx.chatops.sdx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.approval.CancelOutcome;
import sdx.chatops.approval.JobSubmission;
import sdx.chatops.approval.QueueOutcome;
import sdx.chatops.approval.QueueReceipt;
import sdx.chatops.approval.QueueTurn;
import sdx.chatops.approval.SdxJob;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.approval.SdxUnavailableException;
import sdx.chatops.approval.Site;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.metrics.MetricLabels;

/**
 * A pretend SDX, in memory, for {@code SDX_SANDBOX=true}: the whole flow can be tried without an SDX
 * account and nothing reaches a router. Five sites ({@link #SITES}, one of them not checking in); a
 * queued job gets an id, an idempotency key and a request id, and moves one step every
 * {@code chatops.sdx.sandbox-step}: pending, running, then completed, or failed when its script
 * contains {@code :error}. A job on the offline site stays pending (SDX keeps jobs for a router until it
 * checks in again). Without {@code needs_acknowledgement} a job is marked completed at its first step,
 * failures unreported, as SDX does. A job that has not started can be cancelled. When the submission has
 * a {@code notify_url} each status after pending is posted to it as SDX posts callbacks; without one, the
 * bot polls {@link #jobs} and {@link #job}, whose timestamps move as the job does. Nothing is kept across
 * restarts.
 */
@ApplicationScoped
// Typed: only SdxSelection hands it out as SdxJobs, and only in sandbox mode.
@Typed(SandboxSdx.class)
public class SandboxSdx implements SdxJobs {

    private static final Logger LOG = Logger.getLogger(SandboxSdx.class);
    private static final DateTimeFormatter SDX_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** The customer every sandbox job belongs to, in callbacks. */
    static final String CUSTOMER_ID = "5a4db0c0-0000-4000-8000-0000000000c0";
    /** A script containing this fails, as a RouterOS runtime error fails a real job. */
    static final String FAILS = ":error";

    public static final Site CORE = new Site("5a4db0c0-0000-4000-8000-000000000001", "sandbox-core-01", true);
    public static final Site EDGE = new Site("5a4db0c0-0000-4000-8000-000000000002", "sandbox-edge-01", true);
    public static final Site BRANCH_1 = new Site("5a4db0c0-0000-4000-8000-000000000003", "sandbox-branch-01", true);
    public static final Site BRANCH_2 = new Site("5a4db0c0-0000-4000-8000-000000000004", "sandbox-branch-02", true);
    /** Not checking in ({@code has_pulse} false): its jobs stay pending. */
    public static final Site OFFLINE = new Site("5a4db0c0-0000-4000-8000-000000000005", "sandbox-offline-01", false);
    public static final List<Site> SITES = List.of(CORE, EDGE, BRANCH_1, BRANCH_2, OFFLINE);

    /** One simulated job; its timestamps change under its own lock. */
    private static final class Job {
        final String id = UUID.randomUUID().toString();
        final String idempotencyKey = UUID.randomUUID().toString();
        final String requestId = UUID.randomUUID().toString();
        final long seqId;
        final String siteId;
        final JobSubmission submission;
        Instant startedAt;
        Instant completedAt;
        Instant failedAt;
        Instant deletedAt;

        Job(long seqId, String siteId, JobSubmission submission) {
            this.seqId = seqId;
            this.siteId = siteId;
            this.submission = submission;
        }

        synchronized SdxJob snapshot() {
            return new SdxJob(id, idempotencyKey, submission.description(), time(startedAt), time(completedAt),
                    time(failedAt));
        }

        synchronized String status() {
            if (deletedAt != null) {
                return "deleted";
            }
            return snapshot().status().name();
        }
    }

    private final Map<String, List<Job>> jobs = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong(1_000_000_000L);
    private final Duration step;
    private final Clock clock;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timer;
    private final HttpClient http;

    @Inject
    public SandboxSdx(ChatopsConfig config, ObjectMapper json, MeterRegistry registry, Clock clock) {
        this.step = config.sdx().sandboxStep();
        this.clock = clock;
        this.json = json;
        this.registry = registry;
        AtomicInteger threads = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "sdx-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        SITES.forEach(site -> jobs.put(site.id(), new CopyOnWriteArrayList<>()));
        LOG.infof("SDX sandbox: %d simulated sites (%s offline), one job step every %d ms", SITES.size(), OFFLINE.name(),
                step.toMillis());
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    @Override
    public List<Site> sites() {
        return SITES;
    }

    /** The sandbox has no call budget: every turn is taken at once. */
    @Override
    public QueueTurn awaitTurnToQueue() {
        return QueueTurn.TAKEN;
    }

    @Override
    public QueueOutcome queue(QueueTurn turn, String siteId, JobSubmission submission) {
        QueueOutcome outcome = turn instanceof QueueTurn.NotNow notNow ? notNow.why() : accept(siteId, submission);
        registry.counter(BotMetrics.SDX_QUEUE_REQUESTS, "outcome", MetricLabels.label(outcome)).increment();
        return outcome;
    }

    private QueueOutcome accept(String siteId, JobSubmission submission) {
        List<Job> siteJobs = jobs.get(siteId);
        if (siteJobs == null) {
            return new QueueOutcome.Refused(404, null, "site not found (sandbox)");
        }
        if (submission.script() == null || submission.script().isBlank()) {
            return new QueueOutcome.Refused(422, null, "The script field is required.");
        }
        Instant now = clock.instant();
        Job job = new Job(seq.incrementAndGet(), siteId, submission);
        siteJobs.add(0, job);
        if (site(siteId).hasPulse()) {
            schedule(this::start, job, step);
            if (submission.options().needsAcknowledgement()) {
                schedule(this::finish, job, step.multipliedBy(2));
            }
        }
        LOG.infof("SDX sandbox: job %s queued on %s (nothing reaches a router)", job.id, site(siteId).name());
        return new QueueOutcome.Accepted(new QueueReceipt(job.requestId, job.idempotencyKey, siteId, time(now)));
    }

    @Override
    public List<SdxJob> jobs(String siteId) throws SdxUnavailableException {
        List<Job> siteJobs = jobs.get(siteId);
        if (siteJobs == null) {
            throw new SdxUnavailableException("SDX answered 404: site not found (sandbox)");
        }
        List<SdxJob> listed = new ArrayList<>();
        for (Job job : siteJobs) {
            synchronized (job) {
                if (job.deletedAt == null) {
                    listed.add(job.snapshot());
                }
            }
        }
        return listed;
    }

    @Override
    public Optional<SdxJob> job(String siteId, String jobId) {
        Job job = find(siteId, jobId);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            return job.deletedAt == null ? Optional.of(job.snapshot()) : Optional.empty();
        }
    }

    @Override
    public CancelOutcome cancel(String siteId, String jobId) {
        Job job = find(siteId, jobId);
        if (job == null) {
            return new CancelOutcome.NotFound();
        }
        synchronized (job) {
            if (job.deletedAt != null) {
                return new CancelOutcome.NotFound();
            }
            if (job.startedAt != null) {
                return new CancelOutcome.AlreadyStarted("The job has already started and cannot be cancelled.");
            }
            job.deletedAt = clock.instant();
        }
        LOG.infof("SDX sandbox: job %s cancelled", job.id);
        schedule(this::callback, job, Duration.ZERO);
        return new CancelOutcome.Cancelled();
    }

    /** The router picks the job up. */
    private void start(Job job) {
        synchronized (job) {
            if (job.deletedAt != null || job.startedAt != null) {
                return;
            }
            job.startedAt = clock.instant();
            if (!job.submission.options().needsAcknowledgement()) {
                // SDX marks an unacknowledged job completed at once; failures are not reported.
                job.completedAt = job.startedAt;
            }
        }
        callback(job);
    }

    /** The script ends: failed if it contains {@code :error}, otherwise completed. */
    private void finish(Job job) {
        synchronized (job) {
            if (job.deletedAt != null || job.startedAt == null || job.completedAt != null || job.failedAt != null) {
                return;
            }
            if (job.submission.script().contains(FAILS)) {
                job.failedAt = clock.instant();
            } else {
                job.completedAt = clock.instant();
            }
        }
        callback(job);
    }

    /** Posts the job's status to its notify_url as SDX does, if it has one; the URL is never logged. */
    private void callback(Job job) {
        String url = job.submission.notifyUrl();
        if (url == null || url.isBlank()) {
            return;
        }
        String body;
        String status;
        synchronized (job) {
            status = job.status();
            body = callbackBody(job, status);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (IllegalArgumentException e) {
            LOG.warnf("SDX sandbox: job %s has a notify_url that cannot be called", job.id);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                LOG.warnf("SDX sandbox: the %s callback of job %s was not delivered (%s)", status, job.id,
                        SdxClient.rootCause(error));
            } else if (response.statusCode() / 100 != 2) {
                LOG.warnf("SDX sandbox: the %s callback of job %s was answered HTTP %d", status, job.id,
                        response.statusCode());
            }
        });
    }

    private String callbackBody(Job job, String status) {
        JobSubmission s = job.submission;
        ObjectNode body = json.createObjectNode()
                .put("job_id", job.id)
                .put("customer_id", CUSTOMER_ID)
                .put("description", s.description())
                .put("router_id", job.siteId)
                .put("idempotency_key", job.idempotencyKey)
                .put("express_execute", s.options().expressExecute())
                .put("needs_acknowledgement", s.options().needsAcknowledgement())
                .put("make_backup", s.options().makeBackup())
                .put("seq_id", job.seqId)
                .put("started_at", time(job.startedAt))
                .put("completed_at", time(job.completedAt))
                .put("failed_at", time(job.failedAt))
                .put("deleted_at", time(job.deletedAt))
                .put("status", status);
        return body.toString();
    }

    private void schedule(java.util.function.Consumer<Job> action, Job job, Duration after) {
        try {
            timer.schedule(() -> {
                try {
                    action.accept(job);
                } catch (RuntimeException e) {
                    LOG.warnf("SDX sandbox: job %s could not move on: %s", job.id, SdxClient.rootCause(e));
                }
            }, after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("SDX sandbox: stopping; job %s stays as it is", job.id);
        }
    }

    private Job find(String siteId, String jobId) {
        List<Job> siteJobs = jobs.get(siteId);
        if (siteJobs == null || jobId == null) {
            return null;
        }
        return siteJobs.stream().filter(j -> j.id.equals(jobId)).findFirst().orElse(null);
    }

    private static Site site(String siteId) {
        return SITES.stream().filter(s -> s.id().equals(siteId)).findFirst().orElseThrow();
    }

    private static String time(Instant instant) {
        return instant == null ? null : SDX_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
