package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Someone clicked Approve or Reject. The click must come from the request's approval message, and
 * the policy is asked on every click; the transition {@code PENDING -> APPROVED|REJECTED} is one
 * conditional update, so of any number of simultaneous clicks exactly one decides, and only that one
 * causes side effects.
 */
@ApplicationScoped
public class DecideChange {

    private static final Logger LOG = Logger.getLogger(DecideChange.class);

    public sealed interface Result {
        record Decided(ChangeRequest request) implements Result {
        }

        record NotAllowed(ApproverPolicy.Verdict verdict) implements Result {
        }

        record AlreadyDecided(ChangeRequest request) implements Result {
        }

        /** The button was not on this request's approval message. */
        record WrongMessage() implements Result {
        }

        record NotFound() implements Result {
        }
    }

    private final RequestStore store;
    private final ApproverPolicy policy;
    private final SubmitJob submitJob;
    private final Clock clock;

    @Inject
    public DecideChange(RequestStore store, ApproverPolicy policy, SubmitJob submitJob, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.submitJob = submitJob;
        this.clock = clock;
    }

    public Result decide(String requestId, String actorId, ClickOrigin origin, boolean approve) {
        Optional<ChangeRequest> found = store.find(requestId);
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        ChangeRequest request = found.get();
        try (RequestLog log = RequestLog.of(request).actor(actorId)) {
            if (!origin.isOnApprovalMessageOf(request)) {
                LOG.warnf("request %s: click by %s refused, it does not come from the request's approval message",
                        request.code(), actorId);
                return new Result.WrongMessage();
            }
            ApproverPolicy.Verdict verdict = policy.mayDecide(actorId, request.requesterId());
            if (verdict != ApproverPolicy.Verdict.ALLOWED) {
                LOG.infof("request %s: %s refused for user %s (%s)", request.code(), approve ? "approval" : "rejection",
                        actorId, verdict);
                return new Result.NotAllowed(verdict);
            }
            RequestState decision = approve ? RequestState.APPROVED : RequestState.REJECTED;
            Instant now = clock.instant();
            Optional<ChangeRequest> decided = store.apply(Transition
                    .of(requestId, approve ? EventKind.APPROVED : EventKind.REJECTED, actorId, now)
                    .from(RequestState.PENDING).to(decision)
                    .set(RequestField.DECIDED_BY, actorId).set(RequestField.DECIDED_AT, now)
                    .notify(new Notice.ApprovalRefresh()));
            if (decided.isEmpty()) {
                return new Result.AlreadyDecided(store.find(requestId).orElse(request));
            }
            LOG.infof("request %s %s by %s", request.code(), decision, actorId);
            if (approve) {
                submitJob.submitSoon(requestId);
            }
            return new Result.Decided(decided.get());
        }
    }
}
