package sdx.chatops.testing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.approval.Transition;

/** A RequestStore for unit tests that override what they use; anything else fails loudly. */
public abstract class UnusedRequestStore implements RequestStore {

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by this test");
    }

    @Override
    public boolean create(ChangeRequest request, Transition created) {
        throw unused();
    }

    @Override
    public Optional<ChangeRequest> apply(Transition transition) {
        throw unused();
    }

    @Override
    public Optional<ChangeRequest> find(String id) {
        throw unused();
    }

    @Override
    public Optional<ChangeRequest> findByCode(String code) {
        throw unused();
    }

    @Override
    public Optional<ChangeRequest> findByNotifyTokenHash(String tokenHash) {
        throw unused();
    }

    @Override
    public List<RequestEvent> events(String requestId) {
        throw unused();
    }

    @Override
    public List<String> dueForSubmission(Instant now, int limit) {
        throw unused();
    }

    @Override
    public List<ChangeRequest> pending(int limit) {
        throw unused();
    }

    @Override
    public List<ChangeRequest> recentOnSite(String siteId, int limit) {
        throw unused();
    }

    @Override
    public List<ChangeRequest> recentByRequester(String requesterId, int limit) {
        throw unused();
    }

    @Override
    public List<String> expiredPending(Instant now, int limit) {
        throw unused();
    }

    @Override
    public List<String> dueForCheck(Instant now, int limit) {
        throw unused();
    }

    @Override
    public List<String> idsInState(RequestState state, Instant before, int limit) {
        throw unused();
    }

    @Override
    public void setNextCheck(String id, Instant at) {
        throw unused();
    }

    @Override
    public void setJobId(String id, String jobId) {
        throw unused();
    }

    @Override
    public boolean lease(String id, Instant until, Instant now) {
        throw unused();
    }

    @Override
    public void release(String id) {
        throw unused();
    }
}
