package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * A pending request older than its rule's {@code approval_ttl} becomes EXPIRED: the buttons go, the
 * message says nobody approved in time, and the requester is mentioned in the thread. Run by the
 * periodic sweep, and at once when someone clicks a request whose time is up.
 */
@ApplicationScoped
public class ExpireRequests {

    private static final Logger LOG = Logger.getLogger(ExpireRequests.class);

    private final RequestStore store;
    private final Clock clock;

    @Inject
    public ExpireRequests(RequestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static boolean isDue(ChangeRequest request, Instant now) {
        return request.expiresAt() != null && !now.isBefore(request.expiresAt());
    }

    /** Expires every pending request whose time is up; returns how many. */
    public int expireDue() {
        int expired = 0;
        for (String id : store.expiredPending(clock.instant(), 100)) {
            expired += expire(id).isPresent() ? 1 : 0;
        }
        return expired;
    }

    /** Expires one request if it is pending and its time is up; the request afterwards. */
    public Optional<ChangeRequest> expire(String requestId) {
        Instant now = clock.instant();
        Optional<ChangeRequest> found = store.find(requestId);
        if (found.isEmpty() || found.get().expiresAt() == null) {
            return Optional.empty();
        }
        ChangeRequest request = found.get();
        long seconds = Duration.between(request.createdAt(), request.expiresAt()).toSeconds();
        Optional<ChangeRequest> expired = store.apply(Transition.of(requestId, EventKind.EXPIRED, Transition.BOT, now)
                .from(RequestState.PENDING).when(r -> isDue(r, now)).to(RequestState.EXPIRED)
                .detail("approvals", request.approvals().size()).detail("required_approvals", request.requiredApprovals())
                .notify(new Notice.ApprovalRefresh(),
                        new Notice.Expired(seconds, request.approvals().size(), request.requiredApprovals())));
        expired.ifPresent(r -> {
            try (RequestLog log = RequestLog.of(r)) {
                LOG.infof("request %s expired after %d s with %d of %d approvals", r.code(), seconds,
                        r.approvals().size(), r.requiredApprovals());
            }
        });
        return expired;
    }
}
