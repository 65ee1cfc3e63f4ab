package sdx.chatops.sdx;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

/**
 * The bot's only door to SDX. Owns the REST client (built once), its timeouts and the bearer token,
 * and turns HTTP answers into outcomes the workflow can act on. Never logs or returns the token.
 */
@ApplicationScoped
public class SdxClient {

    private static final Logger LOG = Logger.getLogger(SdxClient.class);

    private final SdxApi api;
    private final ObjectMapper json;

    @Inject
    public SdxClient(ChatopsConfig config, ObjectMapper json) {
        this.json = json;
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

    /** All sites the token can see ({@code GET /site-minimal}). */
    public List<Site> sites() throws SdxUnavailableException {
        try (Response response = api.siteMinimal()) {
            String body = response.readEntity(String.class);
            if (response.getStatus() != 200) {
                throw new SdxUnavailableException("SDX answered " + describeError(response.getStatus(), body));
            }
            JsonNode root = json.readTree(body);
            JsonNode list = root.isArray() ? root : root.path("data");
            List<Site> sites = new ArrayList<>();
            for (JsonNode node : list) {
                sites.add(new Site(node.path("id").asText(), node.path("name").asText(""),
                        node.path("has_pulse").asBoolean(true)));
            }
            return sites;
        } catch (ProcessingException e) {
            LOG.warnf("SDX site list failed: %s", rootCause(e));
            throw new SdxUnavailableException("SDX could not be reached (" + rootCause(e) + ")");
        } catch (java.io.IOException e) {
            throw new SdxUnavailableException("SDX sent a site list that could not be read");
        }
    }

    /**
     * Queues a script ({@code POST /api/asynchronous/{siteId}}). Sent once: a lost answer is reported
     * as {@link QueueOutcome.Unknown}, never retried blindly, because SDX cannot de-duplicate.
     */
    public QueueOutcome queue(String siteId, QueueJob job) {
        Response response;
        try {
            response = api.queue(siteId, job);
        } catch (ProcessingException e) {
            String cause = rootCause(e);
            if (neverSent(e)) {
                return new QueueOutcome.NotSent("SDX could not be reached (" + cause + ")");
            }
            return new QueueOutcome.Unknown("no answer from SDX (" + cause + ")");
        }
        try (response) {
            String body = response.readEntity(String.class);
            int status = response.getStatus();
            if (status / 100 == 2) {
                return receipt(body);
            }
            JsonNode error = parse(body);
            return new QueueOutcome.Refused(status, text(error, "code"), errorMessage(status, error));
        } catch (ProcessingException e) {
            return new QueueOutcome.Unknown("the answer from SDX was cut off (" + rootCause(e) + ")");
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

    /** "422 invalid_script: message", for logs and the channel. */
    public static String describe(int status, String code, String message) {
        return status + (code == null ? "" : " " + code) + ": " + message;
    }

    private String describeError(int status, String body) {
        JsonNode error = parse(body);
        return describe(status, text(error, "code"), errorMessage(status, error));
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
        } catch (java.io.IOException e) {
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
