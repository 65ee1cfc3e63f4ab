package sdx.chatops.approval;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a request's audit trail, as read back: what happened, who did it, the states before
 * and after, and the facts recorded with it.
 *
 * @param requestCode the request's code ({@code SDX-7F3K2Q}), for people reading the trail
 */
public record RequestEvent(long id, String requestId, String requestCode, String siteId, EventKind kind, String actor,
        RequestState fromState, RequestState toState, Map<String, Object> details, Instant at) {
}
