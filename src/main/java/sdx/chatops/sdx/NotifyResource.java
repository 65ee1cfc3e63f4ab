package sdx.chatops.sdx;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import sdx.chatops.approval.RecordJobStatus;

/**
 * Where SDX posts job status updates ({@code notify_url}). SDX signs nothing, so the per-job token
 * in the path is the only credential: an unknown token gets 404 and changes nothing. Unknown fields
 * and statuses are accepted; the body is read leniently because its shape is only loosely documented.
 */
@Path("/sdx/notify/{token}")
public class NotifyResource {

    private static final Logger LOG = Logger.getLogger(NotifyResource.class);

    private final RecordJobStatus recordJobStatus;
    private final ObjectMapper json;

    @Inject
    public NotifyResource(RecordJobStatus recordJobStatus, ObjectMapper json) {
        this.recordJobStatus = recordJobStatus;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response notify(@PathParam("token") String token, String body) {
        JsonNode payload;
        try {
            payload = json.readTree(body == null ? "" : body);
        } catch (java.io.IOException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            return Response.status(Response.Status.BAD_REQUEST).entity("{\"error\":\"expected a JSON object\"}").build();
        }
        String status = payload.path("status").asText(null);
        String jobId = payload.path("job_id").isValueNode() ? payload.path("job_id").asText(null) : null;
        RecordJobStatus.Result result = recordJobStatus.fromCallback(token, new RecordJobStatus.Report(status, jobId, body));
        if (result == RecordJobStatus.Result.UNKNOWN_JOB) {
            // The token is never logged: it is the callback's only credential.
            LOG.warn("refused an SDX callback with an unknown token");
            return Response.status(Response.Status.NOT_FOUND).entity("{\"error\":\"unknown job\"}").build();
        }
        return Response.ok("{\"ok\":true}").build();
    }
}
