package sdx.chatops.approval;

import java.time.Instant;
import java.util.List;

/** Reading the audit trail of all requests, for the export to compliance tools (port). */
public interface AuditTrail {

    /**
     * Which events: all filters optional (null); {@code after} is the id of the last event already
     * read (0 for the start), and events come oldest first.
     */
    record Query(Instant since, Instant until, String siteId, String actor, long after, int limit) {
    }

    List<RequestEvent> find(Query query);
}
