package sdx.chatops.callbacks;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import sdx.chatops.approval.RecordJobStatus;
import sdx.chatops.workers.OnWorkerThread;

/**
 * Where SDX posts job status updates ({@code notify_url}): an inbound adapter. SDX signs nothing, so
 * the per-job token in the path is the only credential: a token of the wrong shape or unknown gets
 * 404 and changes nothing. The body is parsed strictly ({@link CallbackBody}); anything that is not
 * one bounded JSON object with a string {@code status} gets 400.
 */
@Path("/sdx/notify/{token}")
public class SdxCallbackResource {

    private static final Logger LOG = Logger.getLogger(SdxCallbackResource.class);
    /** What {@code NotifyTokens} issues: 32 random bytes, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final RecordJobStatus recordJobStatus;
    private final CallbackBody parser;
    private final CallbackSpan callbackSpan;

    @Inject
    public SdxCallbackResource(RecordJobStatus recordJobStatus, CallbackBody parser, CallbackSpan callbackSpan) {
        this.recordJobStatus = recordJobStatus;
        this.parser = parser;
        this.callbackSpan = callbackSpan;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> notify(@PathParam("token") String token, byte[] body) {
        return OnWorkerThread.answer(() -> handle(token, body));
    }

    private Response handle(String token, byte[] body) {
        // The token is never logged: it is the callback's only credential.
        if (token == null || !TOKEN.matcher(token).matches()) {
            LOG.warn("refused an SDX callback: the token in its URL has the wrong shape");
            return answer(Response.Status.NOT_FOUND, "unknown job");
        }
        if (body != null && body.length > CallbackBody.MAX_BYTES) {
            LOG.warnf("refused an SDX callback of %d bytes (at most %d)", body.length, CallbackBody.MAX_BYTES);
            return answer(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body too large");
        }
        CallbackBody.Parsed parsed = parser.parse(body == null ? new byte[0] : body);
        if (parsed instanceof CallbackBody.Parsed.Invalid invalid) {
            LOG.warnf("refused an SDX callback: %s", invalid.reason());
            return answer(Response.Status.BAD_REQUEST, invalid.reason());
        }
        CallbackBody.Parsed.Valid valid = (CallbackBody.Parsed.Valid) parsed;
        RecordJobStatus.Result result = null;
        Span span = callbackSpan.start(token);
        try (Scope scope = span.makeCurrent()) {
            result = recordJobStatus.fromCallback(token,
                    new RecordJobStatus.Report(valid.status(), valid.jobId(), new String(body, StandardCharsets.UTF_8)));
        } finally {
            CallbackSpan.end(span, result);
        }
        if (result == RecordJobStatus.Result.UNKNOWN_JOB) {
            LOG.warn("refused an SDX callback with an unknown token");
            return answer(Response.Status.NOT_FOUND, "unknown job");
        }
        return Response.ok("{\"ok\":true}").build();
    }

    private static Response answer(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity("{\"error\":\"" + error.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").build();
    }
}
