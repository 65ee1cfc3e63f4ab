package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxKind;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;

/**
 * Someone clicked Approve or Reject. The policy is asked on every click; the transition
 * {@code PENDING -> APPROVED|REJECTED} is one conditional update, so of any number of simultaneous
 * clicks exactly one decides, and only that one causes side effects.
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

        record NotFound() implements Result {
        }
    }

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final ApproverPolicy policy;
    private final SubmitJob submitJob;
    private final Clock clock;

    @Inject
    public DecideChange(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal,
            ApproverPolicy policy, SubmitJob submitJob, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.policy = policy;
        this.submitJob = submitJob;
        this.clock = clock;
    }

    public Result decide(String requestId, String actorId, boolean approve) {
        Optional<ChangeRequest> found = db.inTransaction(c -> requests.find(c, requestId));
        if (found.isEmpty()) {
            return new Result.NotFound();
        }
        ChangeRequest request = found.get();
        ApproverPolicy.Verdict verdict = policy.mayDecide(actorId, request.requesterId());
        if (verdict != ApproverPolicy.Verdict.ALLOWED) {
            LOG.infof("request %s: %s refused for user %s (%s)", request.code(), approve ? "approval" : "rejection",
                    actorId, verdict);
            return new Result.NotAllowed(verdict);
        }
        RequestState decision = approve ? RequestState.APPROVED : RequestState.REJECTED;
        Instant now = clock.instant();
        Optional<ChangeRequest> decided = db.inTransaction(c -> {
            if (!requests.decide(c, requestId, decision, actorId, now)) {
                return Optional.empty();
            }
            outbox.enqueue(c, requestId, OutboxKind.APPROVAL_UPDATE, null, now);
            return requests.find(c, requestId);
        });
        if (decided.isEmpty()) {
            return new Result.AlreadyDecided(db.inTransaction(c -> requests.find(c, requestId)).orElse(request));
        }
        signal.wake();
        LOG.infof("request %s %s by %s", request.code(), decision, actorId);
        if (approve) {
            submitJob.submitSoon(requestId);
        }
        return new Result.Decided(decided.get());
    }
}
