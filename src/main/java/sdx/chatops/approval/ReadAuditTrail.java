package sdx.chatops.approval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code /sdx audit <code>}: a request's timeline, for its requester, the approvers of the rule that
 * covers it now, and admins; nobody else learns what was changed where.
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
    private final ChangePolicy policy;
    private final GroupMembership membership;

    @Inject
    public ReadAuditTrail(RequestStore store, ChangePolicy policy, GroupMembership membership) {
        this.store = store;
        this.policy = policy;
        this.membership = membership;
    }

    public Result read(String code, String userId) {
        Optional<ChangeRequest> found = store.findByCode(code.trim().toUpperCase(Locale.ROOT));
        if (found.isEmpty()) {
            return new Result.NotFound(code);
        }
        ChangeRequest request = found.get();
        Audience.Membership allowed = mayRead(request, userId);
        if (allowed == Audience.Membership.UNKNOWN) {
            return new Result.MembershipUnknown();
        }
        if (allowed == Audience.Membership.NOT_A_MEMBER) {
            return new Result.NotAllowed(request);
        }
        return new Result.Trail(request, store.events(request.id()));
    }

    private Audience.Membership mayRead(ChangeRequest request, String userId) {
        if (userId.equals(request.requesterId())) {
            return Audience.Membership.MEMBER;
        }
        Audience.Membership admin = policy.isAdmin(userId);
        if (admin == Audience.Membership.MEMBER) {
            return admin;
        }
        Audience.Membership approver = policy.ruleFor(request).map(rule -> rule.approvers().includes(userId, membership))
                .orElse(Audience.Membership.NOT_A_MEMBER);
        if (approver == Audience.Membership.MEMBER) {
            return approver;
        }
        return admin == Audience.Membership.UNKNOWN || approver == Audience.Membership.UNKNOWN ? Audience.Membership.UNKNOWN
                : Audience.Membership.NOT_A_MEMBER;
    }
}
