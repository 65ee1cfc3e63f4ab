package sdx.chatops.approval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /sdx audit <code>} and {@code /sdx status <code>}: a request and its timeline, for whoever
 * {@link RequestVisibility} lets see it.
 */
@ApplicationScoped
public class ReadAuditTrail {

    public sealed interface Result {
        record Trail(ChangeRequest request, List<RequestEvent> events) implements Result {
        }

        record NotFound(String code) implements Result {
        }

        record NotAllowed(ChangeRequest request) implements Result {
        }

        record MembershipUnknown() implements Result {
        }
    }

    private final RequestStore store;
    private final RequestVisibility visibility;

    @Inject
    public ReadAuditTrail(RequestStore store, RequestVisibility visibility) {
        this.store = store;
        this.visibility = visibility;
    }

    public Result read(String code, String userId) {
        Optional<ChangeRequest> found = store.findByCode(code.trim().toUpperCase(Locale.ROOT));
        if (found.isEmpty()) {
            return new Result.NotFound(code);
        }
        ChangeRequest request = found.get();
        Audience.Membership allowed = visibility.maySee(request, userId);
        if (allowed == Audience.Membership.UNKNOWN) {
            return new Result.MembershipUnknown();
        }
        if (allowed == Audience.Membership.NOT_A_MEMBER) {
            return new Result.NotAllowed(request);
        }
        return new Result.Trail(request, store.events(request.id()));
    }
}
