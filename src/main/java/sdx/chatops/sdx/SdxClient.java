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
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.work.RetryAfter;

/**
 * The bot's only door to SDX. Owns the REST client (built once), its timeouts, the bearer token, a
 * client-side rate limit below SDX's and a circuit breaker, and turns HTTP answers into outcomes the
 * workflow can act on. Never logs or returns the token. Nothing here retries a queue request: that
 * decision belongs to {@code SubmitJob}, which knows whether a retry could create a second job.
 */
@ApplicationScoped
public class SdxClient implements SiteList {

    private static final Logger LOG = Logger.getLogger(SdxClient.class);
    private static final Duration INTERACTIVE_WAIT = Duration.ofSeconds(1);
    private static final Duration BACKGROUND_WAIT = Duration.ofSeconds(10);

    private final SdxApi api;
    private final ObjectMapper json;
    private final SdxRateLimiter limiter;
    private final SdxCircuitBreaker breaker;

    @Inject
    public SdxClient(ChatopsConfig config, ObjectMapper json, Clock clock) {
        this.json = json;
        this.limiter = new SdxRateLimiter(config.sdx().requestsPerMinute());
        this.breaker = new SdxCircuitBreaker(config.sdx().breakerThreshold(), config.sdx().breakerPause(), clock);
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

    /** All sites the token can see ({@code GET /site-minimal}); for a person waiting, so it never waits long. */
    @Override
    public List<Site> sites() throws SdxUnavailableException {
        JsonNode root = read(api::siteMinimal, INTERACTIVE_WAIT, "the site list");
        List<Site> sites = new ArrayList<>();
        for (JsonNode node : list(root)) {
            sites.add(new Site(node.path("id").asText(), node.path("name").asText(""), node.path("has_pulse").asBoolean(true)));
        }
        return sites;
    }

    /** Jobs of a site, newest first ({@code GET /site/{siteId}/job}). */
    public List<SdxJob> jobs(String siteId) throws SdxUnavailableException {
        JsonNode root = read(() -> api.jobs(siteId), BACKGROUND_WAIT, "the job list");
        List<SdxJob> jobs = new ArrayList<>();
        for (JsonNode node : list(root)) {
            jobs.add(job(node));
        }
        return jobs;
    }

    /** One job ({@code GET /site/{siteId}/job/{jobId}}); empty when SDX no longer has it. */
    public Optional<SdxJob> job(String siteId, String jobId) throws SdxUnavailableException {
        try {
            JsonNode root = read(() -> api.job(siteId, jobId), BACKGROUND_WAIT, "the job");
            return Optional.of(job(root.has("data") && root.get("data").isObject() ? root.get("data") : root));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /**
     * Queues a script ({@code POST /api/asynchronous/{siteId}}). Sent at most once per call: a lost
     * answer is {@link QueueOutcome.Unknown}, because SDX cannot de-duplicate.
     */
    public QueueOutcome queue(String siteId, QueueJob job) {
        Instant paused = breaker.pausedUntil();
        if (paused != null) {
            return new QueueOutcome.NotSent("SDX calls are paused after repeated failures, until " + paused);
        }
        if (!takeToken(BACKGROUND_WAIT)) {
            return new QueueOutcome.NotSent("this bot's own SDX rate limit was reached");
        }
        Response response;
        try {
            response = api.queue(siteId, job);
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
                return new QueueOutcome.Throttled(RetryAfter.parse(response.getHeaderString("Retry-After")));
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

    /** "422 invalid_script: message", for logs and the channel. */
    public static String describe(int status, String code, String message) {
        return status + (code == null ? "" : " " + code) + ": " + message;
    }

    private static final class NotFound extends SdxUnavailableException {
        NotFound() {
            super("not found");
        }
    }

    private JsonNode read(Supplier<Response> call, Duration wait, String what) throws SdxUnavailableException {
        Instant paused = breaker.pausedUntil();
        if (paused != null) {
            throw new SdxUnavailableException("SDX calls are paused after repeated failures, until " + paused);
        }
        if (!takeToken(wait)) {
            throw new SdxUnavailableException("too many SDX requests right now");
        }
        try (Response response = call.get()) {
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

    /** 5xx counts against SDX's health; any other answer shows SDX is up. */
    private void record(int status) {
        if (status >= 500) {
            breaker.failed();
        } else {
            breaker.succeeded();
        }
    }

    private boolean takeToken(Duration wait) {
        try {
            return limiter.acquire(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
                text(node, "started_at"), text(node, "completed_at"), text(node, "failed_at"));
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
