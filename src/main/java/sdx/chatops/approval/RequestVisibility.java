package sdx.chatops.approval;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may see a request's details (its status, its audit trail): its requester, the approvers of the
 * rule that covers it now, and admins. Everyone else learns nothing about what was changed where.
 */
@ApplicationScoped
public class RequestVisibility {

    private final ChangePolicy policy;
    private final GroupMembership membership;

    @Inject
    public RequestVisibility(ChangePolicy policy, GroupMembership membership) {
        this.policy = policy;
        this.membership = membership;
    }

    public Audience.Membership maySee(ChangeRequest request, String userId) {
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

    /**
     * Who may read a site's history from a channel: whoever the rule covering that channel and site
     * lets ask or approve, and admins.
     */
    public Audience.Membership maySeeSite(String channelId, Site site, String userId) {
        Audience.Membership admin = policy.isAdmin(userId);
        if (admin == Audience.Membership.MEMBER) {
            return admin;
        }
        var rule = policy.ruleFor(channelId, site);
        if (rule.isEmpty()) {
            return admin;
        }
        Audience.Membership approver = rule.get().approvers().includes(userId, membership);
        Audience.Membership requester = rule.get().requesters().isEmpty() ? Audience.Membership.MEMBER
                : rule.get().requesters().includes(userId, membership);
        if (approver == Audience.Membership.MEMBER || requester == Audience.Membership.MEMBER) {
            return Audience.Membership.MEMBER;
        }
        return admin == Audience.Membership.UNKNOWN || approver == Audience.Membership.UNKNOWN
                || requester == Audience.Membership.UNKNOWN ? Audience.Membership.UNKNOWN : Audience.Membership.NOT_A_MEMBER;
    }
}
