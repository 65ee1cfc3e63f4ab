package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/** The requester takes a pending request back (the Withdraw button; later {@code /sdx cancel}). */
@ApplicationScoped
public class WithdrawChange {

    private static final Logger LOG = Logger.getLogger(WithdrawChange.class);

    public sealed interface Result {
        record Withdrawn(ChangeRequest request) implements Result {
        }

        /** Only the requester can withdraw. */
        record NotTheRequester(ChangeRequest request) implements Result {
        }

        record NotPending(ChangeRequest request) implements Result {
        }

        record WrongMessage() implements Result {
        }

        record NotFound() implements Result {
        }
    }

    private final RequestStore store;
    private final ClickedRequest clicked;
    private final Clock clock;

    @Inject
    public WithdrawChange(RequestStore store, ClickedRequest clicked, Clock clock) {
        this.store = store;
        this.clicked = clicked;
        this.clock = clock;
    }

    /** A click on the Withdraw button; {@code origin} must be the request's approval message. */
    public Result withdraw(String requestId, String actorId, ClickOrigin origin) {
        Optional<ChangeRequest> found = clicked.find(requestId, origin);
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        if (!origin.isOnApprovalMessageOf(found.get())) {
            return new Result.WrongMessage();
        }
        return withdraw(found.get(), actorId);
    }

    public Result withdraw(ChangeRequest request, String actorId) {
        try (RequestLog log = RequestLog.of(request).actor(actorId)) {
            if (!actorId.equals(request.requesterId())) {
                return new Result.NotTheRequester(request);
            }
            Instant now = clock.instant();
            Optional<ChangeRequest> withdrawn = store.apply(Transition.of(request.id(), EventKind.WITHDRAWN, actorId, now)
                    .from(RequestState.PENDING).to(RequestState.WITHDRAWN).set(RequestField.DECIDED_BY, actorId)
                    .set(RequestField.DECIDED_AT, now).notify(new Notice.ApprovalRefresh()));
            if (withdrawn.isEmpty()) {
                return new Result.NotPending(store.find(request.id()).orElse(request));
            }
            LOG.infof("request %s withdrawn by its requester", request.code());
            return new Result.Withdrawn(withdrawn.get());
        }
    }
}
