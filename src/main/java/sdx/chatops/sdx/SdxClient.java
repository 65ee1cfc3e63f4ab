package sdx.chatops.sdx;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import sdx.chatops.approval.CancelOutcome;
import sdx.chatops.approval.JobSubmission;
import sdx.chatops.approval.QueueOutcome;
import sdx.chatops.approval.QueueReceipt;
import sdx.chatops.approval.QueueTurn;
import sdx.chatops.approval.SdxJob;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.approval.SdxUnavailableException;
import sdx.chatops.approval.Site;
import sdx.chatops.cache.StaleOnFailure;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.metrics.MetricLabels;
import sdx.chatops.retry.RetryAfter;
import sdx.chatops.store.SharedRateBudget;

/**
 * The bot's only door to SDX. Owns the REST client (built once), its timeouts, the bearer token, the
 * call budget below SDX's limit (kept in the store, so every replica spends the same budget), a
 * circuit breaker and the site list cache, and turns HTTP answers into outcomes the workflow can act
 * on. Never logs or returns the token. Nothing here retries a queue request: that decision belongs to
 * {@code SubmitJob}, which knows whether a retry could create a second job. Built only when SDX is live
 * ({@link SdxSelection}): in sandbox mode nothing here runs and no request leaves for SDX.
 */
@ApplicationScoped
// Typed: the bot injects SdxJobs from SdxSelection, which picks this class or the sandbox.
@Typed(SdxClient.class)
public class SdxClient implements SdxJobs {

    private static final Logger LOG = Logger.getLogger(SdxClient.class);
    private static final Duration INTERACTIVE_WAIT = Duration.ofSeconds(1);
    private static final Duration BACKGROUND_WAIT = Duration.ofSeconds(10);
    /** The one SDX budget: SDX limits calls per API key, whichever replica makes them. */
    static final String BUDGET = "sdx-api";
    /** SDX's error code when a job to cancel has already started. */
    static final String JOB_ALREADY_STARTED = "job_already_started";

    private final SdxApi api;
    private final ObjectMapper json;
    private final SharedRateBudget budget;
    private final SdxCircuitBreaker breaker;
    private final StaleOnFailure<List<Site>> siteCache;
    private final MeterRegistry registry;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public SdxClient(ChatopsConfig config, ObjectMapper json, SharedRateBudget budget, @CacheName("sdx-sites") Cache sites,
            MeterRegistry registry, Clock clock) {
        this.json = json;
        this.budget = budget;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.breaker = new SdxCircuitBreaker(config.sdx().breakerThreshold(), config.sdx().breakerPause(), clock);
        this.siteCache = new StaleOnFailure<>(sites, config.sdx().siteCacheStaleFor(), clock);
        String token = config.sdx().apiToken().orElse("");
        ClientRequestFilter bearer = request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.sdx().apiUrl()))
                .connectTimeout(config.sdx().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.sdx().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .register(bearer)
                .build(SdxApi.class);
    }

    /**
     * All sites the token can see ({@code GET /site-minimal}), cached briefly; for a person waiting,
     * so a fetch never waits long for the budget. A failed refresh serves the last list for a while.
     */
    @Override
    public List<Site> sites() throws SdxUnavailableException {
        return siteCache.get("all", this::fetchSites);
    }

    private List<Site> fetchSites() throws SdxUnavailableException {
        JsonNode root = read("sites", api::siteMinimal, INTERACTIVE_WAIT, "the site list");
        List<Site> sites = new ArrayList<>();
        for (JsonNode node : list(root)) {
            String id = text(node, "id");
            if (id != null) {
                sites.add(new Site(id, node.path("name").asText(""), node.path("has_pulse").asBoolean(true),
                        text(node, "software_version")));
            }
        }
        return List.copyOf(sites);
    }

    /** Jobs of a site, newest first ({@code GET /site/{siteId}/job}). */
    @Override
    public List<SdxJob> jobs(String siteId) throws SdxUnavailableException {
        JsonNode root = read("jobs", () -> api.jobs(siteId), BACKGROUND_WAIT, "the job list");
        List<SdxJob> jobs = new ArrayList<>();
        for (JsonNode node : list(root)) {
            jobs.add(job(node));
        }
        return jobs;
    }

    /** One job ({@code GET /site/{siteId}/job/{jobId}}); empty when SDX no longer has it. */
    @Override
    public Optional<SdxJob> job(String siteId, String jobId) throws SdxUnavailableException {
        try {
            JsonNode root = read("job", () -> api.job(siteId, jobId), BACKGROUND_WAIT, "the job");
            return Optional.of(job(root.has("data") && root.get("data").isObject() ? root.get("data") : root));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * A turn to queue a job: none while the breaker pauses SDX calls; otherwise one call from the
     * shared budget, waiting for it as long as background work may.
     */
    @Override
    public QueueTurn awaitTurnToQueue() {
        QueueOutcome.NotSent paused = pausedByBreaker();
        if (paused != null) {
            return new QueueTurn.NotNow(paused);
        }
        if (!takeFromBudget(BACKGROUND_WAIT)) {
            return new QueueTurn.NotNow(new QueueOutcome.NotSent("the SDX rate limit for this API key was reached"));
        }
        return QueueTurn.TAKEN;
    }

    /**
     * Queues a script ({@code POST /api/asynchronous/{siteId}}). Sent at most once per call: a lost
     * answer is {@link QueueOutcome.Unknown}, because SDX cannot de-duplicate.
     */
    @Override
    public QueueOutcome queue(QueueTurn turn, String siteId, JobSubmission job) {
        QueueOutcome outcome = turn instanceof QueueTurn.NotNow notNow ? notNow.why() : send(siteId, job);
        registry.counter(BotMetrics.SDX_QUEUE_REQUESTS, "outcome", MetricLabels.label(outcome)).increment();
        return outcome;
    }

    private QueueOutcome.NotSent pausedByBreaker() {
        Instant paused = breaker.pausedUntil();
        return paused == null ? null
                : new QueueOutcome.NotSent("SDX calls are paused after repeated failures, until " + paused);
    }

    private QueueOutcome send(String siteId, JobSubmission job) {
        // Again: the breaker may have opened while this submission waited for its turn.
        QueueOutcome.NotSent paused = pausedByBreaker();
        if (paused != null) {
            return paused;
        }
        Response response;
        try {
            response = timed("queue", () -> api.queue(siteId, QueueJob.of(job)));
        } catch (ProcessingException e) {
            breaker.failed();
            String cause = rootCause(e);
            return neverSent(e) ? new QueueOutcome.NotSent("SDX could not be reached (" + cause + ")")
                    : new QueueOutcome.Unknown("no answer from SDX (" + cause + ")");
        }
        try (response) {
            String body = response.readEntity(String.class);
            int status = response.getStatus();
            record(status);
            if (status / 100 == 2) {
                return receipt(body);
            }
            if (status == 429) {
                return new QueueOutcome.Throttled(RetryAfter.parse(response.getHeaderString("Retry-After"), clock));
            }
            if (status == 502 || status == 504) {
                // A gateway's answer: SDX itself may have queued the job before the gateway gave up.
                return new QueueOutcome.Unknown("SDX's gateway answered " + status);
            }
            JsonNode error = parse(body);
            return new QueueOutcome.Refused(status, text(error, "code"), errorMessage(status, error));
        } catch (ProcessingException e) {
            breaker.failed();
            return new QueueOutcome.Unknown("the answer from SDX was cut off (" + rootCause(e) + ")");
        }
    }

    /**
     * Cancels a job that has not started ({@code DELETE /site/{siteId}/job/{jobId}}), with the same
     * budget, breaker and error reading as the other calls. SDX's {@code job_already_started} is
     * {@link CancelOutcome.AlreadyStarted}; a 404 is {@link CancelOutcome.NotFound}; 5xx, 429 and no
     * answer are {@link CancelOutcome.Unavailable} (asking again is safe); any other error is
     * {@link CancelOutcome.Refused}.
     */
    @Override
    public CancelOutcome cancel(String siteId, String jobId) {
        CancelOutcome outcome = sendCancel(siteId, jobId);
        registry.counter(BotMetrics.SDX_CANCEL_REQUESTS, "outcome", MetricLabels.label(outcome)).increment();
        return outcome;
    }

    private CancelOutcome sendCancel(String siteId, String jobId) {
        Instant paused = breaker.pausedUntil();
        if (paused != null) {
            return new CancelOutcome.Unavailable("SDX calls are paused after repeated failures, until " + paused);
        }
        // A person waits for the answer to a cancellation.
        if (!takeFromBudget(INTERACTIVE_WAIT)) {
            return new CancelOutcome.Unavailable("too many SDX requests right now");
        }
        try (Response response = timed("cancel", () -> api.cancel(siteId, jobId))) {
            String body = response.readEntity(String.class);
            int status = response.getStatus();
            record(status);
            if (status / 100 == 2) {
                return new CancelOutcome.Cancelled();
            }
            JsonNode error = parse(body);
            String code = text(error, "code");
            String message = errorMessage(status, error);
            if (JOB_ALREADY_STARTED.equals(code)) {
                return new CancelOutcome.AlreadyStarted(message);
            }
            if (status == 404) {
                return new CancelOutcome.NotFound();
            }
            if (status == 429 || status >= 500) {
                return new CancelOutcome.Unavailable("SDX answered " + describe(status, code, message));
            }
            return new CancelOutcome.Refused(status, code, message);
        } catch (ProcessingException e) {
            breaker.failed();
            LOG.warnf("SDX request to cancel a job failed: %s", rootCause(e));
            return new CancelOutcome.Unavailable("SDX could not be reached (" + rootCause(e) + ")");
        }
    }

    /** "422 invalid_script: message", for logs and the channel. */
    static String describe(int status, String code, String message) {
        return new QueueOutcome.Refused(status, code, message).describe();
    }

    private static final class NotFound extends SdxUnavailableException {
        NotFound() {
            super("not found");
        }
    }

    private JsonNode read(String method, Supplier<Response> call, Duration wait, String what) throws SdxUnavailableException {
        Instant paused = breaker.pausedUntil();
        if (paused != null) {
            throw new SdxUnavailableException("SDX calls are paused after repeated failures, until " + paused);
        }
        if (!takeFromBudget(wait)) {
            throw new SdxUnavailableException("too many SDX requests right now");
        }
        try (Response response = timed(method, call)) {
            String body = response.readEntity(String.class);
            record(response.getStatus());
            if (response.getStatus() == 404) {
                throw new NotFound();
            }
            if (response.getStatus() != 200) {
                JsonNode error = parse(body);
                throw new SdxUnavailableException("SDX answered "
                        + describe(response.getStatus(), text(error, "code"), errorMessage(response.getStatus(), error)));
            }
            return json.readTree(body);
        } catch (ProcessingException e) {
            breaker.failed();
            LOG.warnf("SDX request for %s failed: %s", what, rootCause(e));
            throw new SdxUnavailableException("SDX could not be reached (" + rootCause(e) + ")");
        } catch (IOException e) {
            throw new SdxUnavailableException("SDX sent " + what + " in a form that could not be read");
        }
    }

    /** Whether SDX calls are paused after repeated failures (for the breaker's gauge). */
    boolean breakerOpen() {
        return breaker.isOpen();
    }

    /** Makes one SDX call, timed by method and outcome (until SDX's answer starts to arrive). */
    private Response timed(String method, Supplier<Response> call) {
        long start = System.nanoTime();
        String outcome = "no_answer";
        try {
            Response response = call.get();
            int status = response.getStatus();
            outcome = status / 100 == 2 ? "ok"
                    : status == 404 ? "not_found" : status == 429 ? "throttled" : "http_" + status / 100 + "xx";
            return response;
        } finally {
            BotMetrics.record(registry, BotMetrics.SDX_CALLS, Duration.ofNanos(System.nanoTime() - start), "method", method,
                    "outcome", outcome);
        }
    }

    /** 5xx counts against SDX's health; any other answer shows SDX is up. */
    private void record(int status) {
        if (status >= 500) {
            breaker.failed();
        } else {
            breaker.succeeded();
        }
    }

    /**
     * Takes one call from the budget all replicas share, waiting at most {@code maxWait}: callers
     * that cannot wait (a slash command) give up soon; background work waits longer.
     */
    private boolean takeFromBudget(Duration maxWait) {
        int perMinute = config.sdx().requestsPerMinute();
        int burst = Math.max(1, perMinute / 6);
        Instant deadline = clock.instant().plus(maxWait);
        while (true) {
            Duration wait;
            try {
                wait = budget.tryTake(BUDGET, perMinute, burst, clock.instant());
            } catch (RuntimeException e) {
                LOG.warnf("the shared SDX call budget could not be read (%s); not calling SDX", e.getMessage());
                return false;
            }
            if (wait.isZero()) {
                return true;
            }
            if (clock.instant().plus(wait).isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private QueueOutcome receipt(String body) {
        JsonNode data = parse(body).path("data");
        String requestId = text(data, "request_id");
        if (requestId == null) {
            return new QueueOutcome.Unknown("SDX accepted the request but its receipt could not be read");
        }
        return new QueueOutcome.Accepted(new QueueReceipt(requestId, text(data, "idempotency_key"),
                text(data, "target"), text(data, "date")));
    }

    private static SdxJob job(JsonNode node) {
        return new SdxJob(text(node, "id"), text(node, "idempotency_key"), text(node, "description"),
                text(node, "started_at"), text(node, "completed_at"), text(node, "failed_at"),
                backup(node.path("associated_backup")),
                text(node, "log_url"));
    }

    /** {@code associated_backup} as an id or link: SDX documents the field, not its shape (a value, or an object). */
    private static String backup(JsonNode node) {
        if (node.isObject()) {
            String url = text(node, "url");
            return url != null ? url : text(node, "id");
        }
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static JsonNode list(JsonNode root) {
        return root.isArray() ? root : root.path("data");
    }

    /** SDX's own message when it sent one; both of its error shapes carry {@code message}. */
    private static String errorMessage(int status, JsonNode error) {
        String message = text(error, "message");
        return message != null ? message : defaultMessage(status);
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 401 -> "the SDX token was not accepted";
            case 403 -> "the SDX token lacks the permission for this";
            case 404 -> "not found";
            case 422 -> "the request was not valid";
            case 429 -> "too many requests to SDX";
            default -> status >= 500 ? "SDX had an internal error" : "unexpected answer";
        };
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class and message, never a stack trace. */
    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.util.concurrent.TimeoutException || root.getClass().getSimpleName().contains("Timeout")) {
            return "timed out";
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + message;
    }
}
