package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Someone clicked Approve or Reject. The click must come from the request's approval message, and the
 * policy in force now decides who may approve (the rule covering the request now, freezes). Each
 * distinct approver's approval is one transition on the locked request; the one that brings the count
 * to what the rule requires moves it to APPROVED, so however many clicks race on however many
 * replicas, the job is submitted exactly once. One Reject by an allowed approver rejects.
 */
@ApplicationScoped
public class DecideChange {

    private static final Logger LOG = Logger.getLogger(DecideChange.class);

    public sealed interface Result {
        /** The click decided: rejected, or the last approval needed. */
        record Decided(ChangeRequest request) implements Result {
        }

        /** An approval was counted; more are needed. */
        record ApprovalRecorded(ChangeRequest request, int required) implements Result {
        }

        /** This person approved already; one person counts once. */
        record AlreadyApprovedByYou(ChangeRequest request, int required) implements Result {
        }

        record NotAllowed(ChangeRequest request, ChangePolicy.DecisionVerdict verdict) implements Result {
        }

        record AlreadyDecided(ChangeRequest request) implements Result {
        }

        /** The request waited too long; it is expired now, and the click changed nothing else. */
        record Expired(ChangeRequest request) implements Result {
        }

        /** The button was not on this request's approval message. */
        record WrongMessage() implements Result {
        }

        record NotFound() implements Result {
        }
    }

    private final RequestStore store;
    private final ClickedRequest clicked;
    private final ChangePolicy policy;
    private final SubmitJob submitJob;
    private final ExpireRequests expiry;
    private final Clock clock;

    @Inject
    public DecideChange(RequestStore store, ClickedRequest clicked, ChangePolicy policy, SubmitJob submitJob,
            ExpireRequests expiry, Clock clock) {
        this.store = store;
        this.clicked = clicked;
        this.policy = policy;
        this.submitJob = submitJob;
        this.expiry = expiry;
        this.clock = clock;
    }

    public Result decide(String requestId, String actorId, ClickOrigin origin, boolean approve) {
        Optional<ChangeRequest> found = clicked.find(requestId, origin);
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        ChangeRequest request = found.get();
        try (RequestLog log = RequestLog.of(request).actor(actorId)) {
            if (!origin.allows(request)) {
                LOG.warnf("request %s: click by %s refused, it does not come from the request's approval message",
                        request.code(), actorId);
                return new Result.WrongMessage();
            }
            Instant now = clock.instant();
            if (request.state() != RequestState.PENDING) {
                return new Result.AlreadyDecided(request);
            }
            if (ExpireRequests.isDue(request, now)) {
                return new Result.Expired(expiry.expire(request.id()).orElse(request));
            }
            ChangePolicy.DecisionVerdict verdict = policy.mayDecide(request, actorId, approve);
            if (!(verdict instanceof ChangePolicy.DecisionVerdict.Allowed allowed)) {
                refused(request, actorId, approve, verdict, now);
                return new Result.NotAllowed(request, verdict);
            }
            return approve ? approve(request, actorId, allowed, now) : reject(request, actorId, allowed, now);
        }
    }

    private Result approve(ChangeRequest request, String actorId, ChangePolicy.DecisionVerdict.Allowed allowed, Instant now) {
        int required = allowed.requiredApprovals();
        if (request.approvals().contains(actorId)) {
            return new Result.AlreadyApprovedByYou(request, required);
        }
        Optional<ChangeRequest> after = store.apply(Transition.of(request.id(), EventKind.APPROVED, actorId, now)
                .from(RequestState.PENDING).when(r -> !r.approvals().contains(actorId) && !ExpireRequests.isDue(r, now))
                .to(r -> r.approvals().size() + 1 >= required ? RequestState.APPROVED : RequestState.PENDING)
                .set(RequestField.APPROVAL, actorId).set(RequestField.DECIDED_BY, actorId).set(RequestField.DECIDED_AT, now)
                .detail("rule", allowed.rule().name()).detail("required_approvals", required)
                .notify(new Notice.ApprovalRefresh()));
        if (after.isEmpty()) {
            return lostRace(request.id(), actorId, required, now);
        }
        ChangeRequest approved = after.get();
        if (approved.state() == RequestState.APPROVED) {
            LOG.infof("request %s APPROVED by %s (%d of %d approvals)", request.code(), actorId, approved.approvals().size(),
                    required);
            submitJob.submitSoon(request.id());
            return new Result.Decided(approved);
        }
        LOG.infof("request %s: approval by %s recorded (%d of %d)", request.code(), actorId, approved.approvals().size(),
                required);
        return new Result.ApprovalRecorded(approved, required);
    }

    private Result reject(ChangeRequest request, String actorId, ChangePolicy.DecisionVerdict.Allowed allowed, Instant now) {
        Optional<ChangeRequest> after = store.apply(Transition.of(request.id(), EventKind.REJECTED, actorId, now)
                .from(RequestState.PENDING).when(r -> !ExpireRequests.isDue(r, now)).to(RequestState.REJECTED)
                .set(RequestField.DECIDED_BY, actorId).set(RequestField.DECIDED_AT, now)
                .detail("rule", allowed.rule().name()).notify(new Notice.ApprovalRefresh()));
        if (after.isEmpty()) {
            return lostRace(request.id(), actorId, allowed.requiredApprovals(), now);
        }
        LOG.infof("request %s REJECTED by %s", request.code(), actorId);
        return new Result.Decided(after.get());
    }

    /** The transition did not apply: say what the request is now. */
    private Result lostRace(String requestId, String actorId, int required, Instant now) {
        ChangeRequest current = store.find(requestId).orElseThrow();
        if (current.state() == RequestState.PENDING && current.approvals().contains(actorId)) {
            return new Result.AlreadyApprovedByYou(current, required);
        }
        if (current.state() == RequestState.PENDING && ExpireRequests.isDue(current, now)) {
            return new Result.Expired(expiry.expire(requestId).orElse(current));
        }
        return new Result.AlreadyDecided(current);
    }

    /** A refusal by a freeze is part of the request's story; other refusals are only logged. */
    private void refused(ChangeRequest request, String actorId, boolean approve, ChangePolicy.DecisionVerdict verdict,
            Instant now) {
        LOG.infof("request %s: %s refused for user %s (%s)", request.code(), approve ? "approval" : "rejection", actorId,
                verdict.getClass().getSimpleName());
        if (verdict instanceof ChangePolicy.DecisionVerdict.Frozen frozen) {
            store.apply(Transition.of(request.id(), EventKind.DECISION_REFUSED, actorId, now).from(RequestState.PENDING)
                    .detail("reason", "freeze").detail("freeze", frozen.freeze().id())
                    .detail("freeze_reason", frozen.freeze().reason()));
        }
    }
}
