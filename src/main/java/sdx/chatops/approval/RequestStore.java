package sdx.chatops.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where requests live (port). Each method is one transaction of its own. Every change of a request's
 * state goes through {@link #apply(Transition)}, which writes the audit trail and the Slack outbox
 * in the same transaction, so no state change is ever without its event or its messages.
 */
public interface RequestStore {

    /**
     * Stores a new request with the first event of its trail and its first notices.
     *
     * @return false when the request's code is already taken (nothing stored): pick another
     */
    boolean create(ChangeRequest request, Transition created);

    /**
     * Applies a transition if the request, as stored now and locked against concurrent changes, is in
     * one of its from-states and passes its condition.
     *
     * @return the request afterwards, or empty when it did not apply (unknown request, or it lost a race)
     */
    Optional<ChangeRequest> apply(Transition transition);

    Optional<ChangeRequest> find(String id);

    Optional<ChangeRequest> findByNotifyTokenHash(String tokenHash);

    /** The audit trail of a request, oldest first. */
    List<RequestEvent> events(String requestId);

    /** Approved requests whose (next) submission is due. */
    List<String> dueForSubmission(Instant now, int limit);

    /** Pending requests, oldest first: for "what waits for my approval". */
    List<ChangeRequest> pending(int limit);

    /** The latest requests on a site, newest first. */
    List<ChangeRequest> recentOnSite(String siteId, int limit);

    /** The latest requests of one requester, newest first. */
    List<ChangeRequest> recentByRequester(String requesterId, int limit);

    /** Pending requests whose approval time is up at {@code now}. */
    List<String> expiredPending(Instant now, int limit);

    /** A request by its code ({@code SDX-7F3K2Q}), for commands that name one. */
    Optional<ChangeRequest> findByCode(String code);

    /** Unknown outcomes to reconcile and queued or running jobs to poll, whose next check is due. */
    List<String> dueForCheck(Instant now, int limit);

    /** Requests that have been in {@code state} since before {@code before}, oldest first. */
    List<String> idsInState(RequestState state, Instant before, int limit);

    /** When background work on the request (poll, reconcile) is next due; not a state change. */
    void setNextCheck(String id, Instant at);

    /** The SDX job id, once learnt from SDX's job list; not a state change. */
    void setJobId(String id, String jobId);

    /**
     * Takes the request's background work for this instance until {@code until}, unless another
     * instance holds it: what several replicas see due is still done once.
     */
    boolean lease(String id, Instant until, Instant now);

    void release(String id);
}
