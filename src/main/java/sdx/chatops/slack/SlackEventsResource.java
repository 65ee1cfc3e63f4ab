package sdx.chatops.slack;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;

import io.smallrye.mutiny.Uni;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.config.SlackMode;
import sdx.chatops.workers.OnWorkerThread;
import sdx.chatops.workers.WorkerPools;

/**
 * Bolt, without a servlet container: raw body and headers in, signature checked, body checked
 * ({@link SlackInbound}), Bolt's response out. The body is read whole on the I/O thread; the checks
 * and Bolt run on a worker thread; handlers acknowledge at once and do slow work elsewhere. Nothing
 * Slack could send or an attacker could sign gets a 5xx or a stack trace: unsigned requests 401,
 * malformed ones 400 with one log line, and a handler failure a private "nothing was changed". In
 * Socket Mode ({@code SLACK_APP_TOKEN}) every request is refused with 404: Slack then sends nothing
 * here, and an unsigned path must not open up.
 */
@Path("/slack/events")
public class SlackEventsResource {

    private static final Logger LOG = Logger.getLogger(SlackEventsResource.class);

    private final App app;
    private final SlackRequestParser parser;
    private final SlackSignatureVerifier verifier;
    private final ObjectMapper json;
    private final SandboxMarker marker;
    private final SlackMode mode;

    @Inject
    public SlackEventsResource(App app, SlackSignatureVerifier verifier, ObjectMapper json, ChatopsConfig config,
            SandboxMarker marker) {
        this.marker = marker;
        this.app = app;
        this.verifier = verifier;
        this.json = json;
        this.mode = SlackMode.of(config);
        this.parser = new SlackRequestParser(app.config());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> events(byte[] body, @Context HttpHeaders headers) {
        // The headers are read here, on the I/O thread that has the request.
        Map<String, List<String>> headerMap = new HashMap<>(headers.getRequestHeaders());
        String timestamp = headers.getHeaderString("X-Slack-Request-Timestamp");
        String signature = headers.getHeaderString("X-Slack-Signature");
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        return OnWorkerThread.answer(() -> handle(body, headerMap, timestamp, signature, contentType));
    }

    private Response handle(byte[] body, Map<String, List<String>> headerMap, String timestamp, String signature,
            String contentType) {
        if (mode == SlackMode.SOCKET) {
            // Slack sends everything over the socket (SlackSocketMode); whatever arrives here is not Slack's,
            // or the app still has a Request URL from before. Refused before the body is looked at.
            LOG.warn("refused a request to /slack/events: the bot receives Slack over Socket Mode (SLACK_APP_TOKEN is set)");
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        byte[] rawBody = body == null ? new byte[0] : body;
        if (!verifier.isValid(timestamp, signature, rawBody)) {
            LOG.warnf("refused a request to /slack/events: missing, stale or wrong Slack signature");
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        SlackInbound.Verdict verdict = SlackInbound.check(contentType, rawBody);
        if (verdict instanceof SlackInbound.Verdict.Refused refused) {
            LOG.warnf("refused a signed request to /slack/events: %s", refused.reason());
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        if (verdict instanceof SlackInbound.Verdict.Ignored ignored) {
            LOG.debugf("ignored an event the bot does not handle: %s", ignored.what());
            return Response.ok().build();
        }
        Request<?> request;
        try {
            SlackInbound.Verdict.Accepted accepted = (SlackInbound.Verdict.Accepted) verdict;
            String text = new String(rawBody, StandardCharsets.UTF_8);
            RequestHeaders requestHeaders = new RequestHeaders(headerMap);
            request = boltRequest(accepted, text, requestHeaders);
        } catch (RuntimeException e) {
            LOG.warnf("refused a signed request to /slack/events that Bolt could not read: %s", WorkerPools.oneLine(e));
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        if (request == null) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        com.slack.api.bolt.response.Response boltResponse;
        try {
            boltResponse = app.run(request);
        } catch (Exception e) {
            LOG.errorf("handling a Slack request failed: %s", WorkerPools.oneLine(e));
            return Response.ok(json.createObjectNode().put("response_type", "ephemeral")
                    .put("text", marker.text(EphemeralReplies.failed())).toString(), MediaType.APPLICATION_JSON).build();
        }
        if (boltResponse.getStatusCode() >= 500) {
            LOG.errorf("Bolt answered HTTP %d to a signed request", boltResponse.getStatusCode());
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        Response.ResponseBuilder out = Response.status(boltResponse.getStatusCode());
        if (boltResponse.getContentType() != null) {
            out.type(boltResponse.getContentType());
        }
        if (boltResponse.getHeaders() != null) {
            boltResponse.getHeaders().forEach((name, values) -> values.forEach(value -> out.header(name, value)));
        }
        if (boltResponse.getBody() != null) {
            out.entity(boltResponse.getBody());
        }
        return out.build();
    }

    /**
     * Bolt's request for a checked body: slash commands and clicks are built from what the check
     * already decoded ({@link BoltCommandRequest}, {@link BoltBlockActionRequest}); the rest is
     * Bolt's own parser.
     */
    private Request<?> boltRequest(SlackInbound.Verdict.Accepted accepted, String text, RequestHeaders headers) {
        if (accepted.isSlashCommand()) {
            return BoltCommandRequest.of(text, accepted.form(), headers, app.config());
        }
        if (accepted.blockAction()) {
            return BoltBlockActionRequest.of(text, accepted.form().get("payload"), headers, app.config());
        }
        return parser.parse(SlackRequestParser.HttpRequest.builder().requestUri("/slack/events").requestBody(text)
                .headers(headers).build());
    }
}
