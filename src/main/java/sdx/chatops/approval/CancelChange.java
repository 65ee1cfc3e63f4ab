package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * {@code /sdx cancel <code>}, by the requester or an approver of the request's rule: a pending request
 * is withdrawn; a job queued in SDX that has not started is cancelled there
 * ({@code DELETE /site/{siteId}/job/{jobId}}); a started job cannot be, and the answer says so
 * plainly. Every attempt on a queued job is in the thread and the audit trail.
 */
@ApplicationScoped
public class CancelChange {

    private static final Logger LOG = Logger.getLogger(CancelChange.class);
    /** Statuses of a job that has not started on the router. */
    private static final Set<String> NOT_STARTED = Set.of("pending", "loaded", "queued");

    public sealed interface Result {
        record Withdrawn(ChangeRequest request) implements Result {
        }

        record Cancelled(ChangeRequest request) implements Result {
        }

        /** SDX or the bot says the job has started: it runs to its end. */
        record AlreadyStarted(ChangeRequest request, String sdxMessage) implements Result {
        }

        /** SDX did not cancel it (refused, unreachable, no longer has it). */
        record NotCancelled(ChangeRequest request, CancelOutcome outcome) implements Result {
        }

        /** Being sent to SDX right now, or its outcome is being reconciled: nothing to cancel yet. */
        record InFlight(ChangeRequest request) implements Result {
        }

        /** SDX has not said the job's id yet. */
        record NoJobYet(ChangeRequest request) implements Result {
        }

        record AlreadyEnded(ChangeRequest request) implements Result {
        }

        record NotAllowed(ChangeRequest request) implements Result {
        }

        record MembershipUnknown() implements Result {
        }

        record NotFound(String code) implements Result {
        }
    }

    private final RequestStore store;
    private final SdxJobs sdx;
    private final ChangePolicy policy;
    private final GroupMembership membership;
    private final Clock clock;

    @Inject
    public CancelChange(RequestStore store, SdxJobs sdx, ChangePolicy policy, GroupMembership membership, Clock clock) {
        this.store = store;
        this.sdx = sdx;
        this.policy = policy;
        this.membership = membership;
        this.clock = clock;
    }

    public Result cancel(String code, String actorId) {
        Optional<ChangeRequest> found = store.findByCode(code.trim().toUpperCase(java.util.Locale.ROOT));
        if (found.isEmpty()) {
            return new Result.NotFound(code);
        }
        ChangeRequest request = found.get();
        try (RequestLog log = RequestLog.of(request).actor(actorId)) {
            Audience.Membership allowed = mayCancel(request, actorId);
            if (allowed == Audience.Membership.UNKNOWN) {
                return new Result.MembershipUnknown();
            }
            if (allowed == Audience.Membership.NOT_A_MEMBER) {
                return new Result.NotAllowed(request);
            }
            return switch (request.state()) {
                case PENDING -> withdraw(request, actorId);
                case QUEUED -> NOT_STARTED.contains(String.valueOf(request.jobStatus())) || request.jobStatus() == null
                        ? cancelInSdx(request, actorId)
                        : started(request, actorId, null);
                case RUNNING -> started(request, actorId, null);
                case APPROVED, SUBMITTING, UNKNOWN -> new Result.InFlight(request);
                default -> new Result.AlreadyEnded(request);
            };
        }
    }

    private Audience.Membership mayCancel(ChangeRequest request, String actorId) {
        if (actorId.equals(request.requesterId())) {
            return Audience.Membership.MEMBER;
        }
        return policy.ruleFor(request).map(rule -> rule.approvers().includes(actorId, membership))
                .orElse(Audience.Membership.NOT_A_MEMBER);
    }

    private Result withdraw(ChangeRequest request, String actorId) {
        Instant now = clock.instant();
        return store.apply(Transition.of(request.id(), EventKind.WITHDRAWN, actorId, now).from(RequestState.PENDING)
                .to(RequestState.WITHDRAWN).set(RequestField.DECIDED_BY, actorId).set(RequestField.DECIDED_AT, now)
                .detail("via", "/sdx cancel").notify(new Notice.ApprovalRefresh()))
                .<Result> map(Result.Withdrawn::new)
                .orElseGet(() -> new Result.AlreadyEnded(store.find(request.id()).orElse(request)));
    }

    private Result cancelInSdx(ChangeRequest request, String actorId) {
        String jobId = request.jobId();
        if (jobId == null) {
            String key = request.receipt() == null ? null : request.receipt().idempotencyKey();
            try {
                jobId = key == null ? null : sdx.jobs(request.site().id()).stream().filter(j -> key.equals(j.idempotencyKey()))
                        .map(SdxJob::id).findFirst().orElse(null);
            } catch (SdxUnavailableException e) {
                return notCancelled(request, actorId, new CancelOutcome.Unavailable(e.getMessage()));
            }
            if (jobId == null) {
                return new Result.NoJobYet(request);
            }
            store.setJobId(request.id(), jobId);
        }
        CancelOutcome outcome = sdx.cancel(request.site().id(), jobId);
        Instant now = clock.instant();
        if (outcome instanceof CancelOutcome.Cancelled) {
            Optional<ChangeRequest> cancelled = store.apply(Transition
                    .of(request.id(), EventKind.CANCEL_REQUESTED, actorId, now)
                    .from(RequestState.QUEUED).to(RequestState.DELETED).set(RequestField.JOB_STATUS, JobStatus.of("deleted"))
                    .set(RequestField.JOB_ID, jobId).set(RequestField.NOT_BEFORE, null).detail("outcome", "cancelled")
                    .detail("job_id", jobId)
                    .notify(new Notice.CancelAttempt(actorId, "cancelled", null), new Notice.ApprovalRefresh()));
            LOG.infof("request %s: job %s cancelled in SDX", request.code(), jobId);
            return new Result.Cancelled(cancelled.orElse(request));
        }
        if (outcome instanceof CancelOutcome.AlreadyStarted started) {
            return started(request, actorId, started.message());
        }
        return notCancelled(request, actorId, outcome);
    }

    private Result started(ChangeRequest request, String actorId, String sdxMessage) {
        record(request, actorId, "already_started", sdxMessage);
        return new Result.AlreadyStarted(request, sdxMessage);
    }

    private Result notCancelled(ChangeRequest request, String actorId, CancelOutcome outcome) {
        String kind = outcome instanceof CancelOutcome.NotFound ? "not_found"
                : outcome instanceof CancelOutcome.Refused ? "refused" : "unavailable";
        String message = outcome instanceof CancelOutcome.Refused refused ? refused.describe()
                : outcome instanceof CancelOutcome.Unavailable unavailable ? unavailable.reason() : null;
        record(request, actorId, kind, message);
        return new Result.NotCancelled(request, outcome);
    }

    /** An attempt that did not cancel anything: in the thread and the audit trail, the state unchanged. */
    private void record(ChangeRequest request, String actorId, String outcome, String message) {
        store.apply(Transition.of(request.id(), EventKind.CANCEL_REQUESTED, actorId, clock.instant())
                .from(RequestState.QUEUED, RequestState.RUNNING).detail("outcome", outcome).detail("message", message)
                .notify(new Notice.CancelAttempt(actorId, outcome, message)));
    }
}
