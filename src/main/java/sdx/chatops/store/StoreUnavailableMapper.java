package sdx.chatops.store;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;

/**
 * The store is down: answer 503 with {@code Retry-After} (SDX and Slack may try again) and a plain
 * sentence, never a stack trace.
 */
@Provider
public class StoreUnavailableMapper implements ExceptionMapper<StoreException> {

    private static final Logger LOG = Logger.getLogger(StoreUnavailableMapper.class);

    @Override
    public Response toResponse(StoreException e) {
        LOG.warnf("request refused, store unavailable: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON).entity("{\"error\":\"store unavailable, try again\"}").build();
    }
}
