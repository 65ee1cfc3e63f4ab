package sdx.chatops.slack;

import java.nio.charset.StandardCharsets;
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

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;

/**
 * Bolt, without a servlet container: raw body and headers in, signature checked, Bolt's response out.
 * Runs on a worker thread (blocking signature); handlers acknowledge at once and do slow work elsewhere.
 */
@Path("/slack/events")
public class SlackEventsResource {

    private static final Logger LOG = Logger.getLogger(SlackEventsResource.class);

    private final App app;
    private final SlackRequestParser parser;
    private final SlackSignatureVerifier verifier;

    @Inject
    public SlackEventsResource(App app, SlackSignatureVerifier verifier) {
        this.app = app;
        this.verifier = verifier;
        this.parser = new SlackRequestParser(app.config());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response events(byte[] rawBody, @Context HttpHeaders headers) throws Exception {
        String timestamp = headers.getHeaderString("X-Slack-Request-Timestamp");
        String signature = headers.getHeaderString("X-Slack-Signature");
        if (!verifier.isValid(timestamp, signature, rawBody)) {
            LOG.warnf("refused a request to /slack/events: missing, stale or wrong Slack signature");
            return Response.status(Response.Status.UNAUTHORIZED).build();
        }
        Map<String, List<String>> headerMap = headers.getRequestHeaders();
        Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events")
                .requestBody(new String(rawBody, StandardCharsets.UTF_8))
                .headers(new RequestHeaders(headerMap))
                .build());
        if (request == null) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        com.slack.api.bolt.response.Response boltResponse = app.run(request);
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
}
