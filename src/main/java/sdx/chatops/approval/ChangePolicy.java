package sdx.chatops.approval;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Asks the policy in force now whether someone may request a change, and whether someone may decide
 * one. Asked when the request is made and again on every click: the policy may have changed, a
 * person may have left a group, a freeze may have begun. Transports only ask; the answers say why.
 */
@ApplicationScoped
public class ChangePolicy {

    /** May this request be made? */
    public sealed interface RequestVerdict {
        record Allowed(PolicyRule rule, int requiredApprovals, List<String> warnings) implements RequestVerdict {
        }

        /** No rule covers this channel and site; the admins are who to ask. */
        record NoRule(String channelId, Audience admins) implements RequestVerdict {
        }

        record NotARequester(PolicyRule rule) implements RequestVerdict {
        }

        /** The script matches one of the rule's deny patterns. */
        record Denied(PolicyRule rule, String reason) implements RequestVerdict {
        }

        record Frozen(Freeze freeze) implements RequestVerdict {
        }

        record ReasonRequired(PolicyRule rule) implements RequestVerdict {
        }

        /** Slack could not say whether the requester is in a requesters group. */
        record MembershipUnknown() implements RequestVerdict {
        }
    }

    /** May this person decide this request now? */
    public sealed interface DecisionVerdict {
        record Allowed(PolicyRule rule, int requiredApprovals) implements DecisionVerdict {
        }

        /** No rule covers the request's channel and site any more. */
        record NoRule(Audience admins) implements DecisionVerdict {
        }

        record SelfApproval() implements DecisionVerdict {
        }

        record NotAnApprover(PolicyRule rule) implements DecisionVerdict {
        }

        /** The rule names no approvers (only possible without a policy file and without SDX_APPROVERS). */
        record NoApprovers() implements DecisionVerdict {
        }

        record Frozen(Freeze freeze) implements DecisionVerdict {
        }

        record MembershipUnknown() implements DecisionVerdict {
        }
    }

    private final PolicySource policy;
    private final GroupMembership membership;
    private final FreezeStore freezes;
    private final Clock clock;

    @Inject
    public ChangePolicy(PolicySource policy, GroupMembership membership, FreezeStore freezes, Clock clock) {
        this.policy = policy;
        this.membership = membership;
        this.freezes = freezes;
        this.clock = clock;
    }

    public RequestVerdict mayRequest(String channelId, Site site, String requesterId, String script, boolean emergency,
            boolean hasReason) {
        Policy now = policy.current();
        Optional<PolicyRule> found = now.ruleFor(channelId, site);
        if (found.isEmpty()) {
            return new RequestVerdict.NoRule(channelId, now.admins());
        }
        PolicyRule rule = found.get();
        if (!rule.requesters().isEmpty()) {
            Audience.Membership member = rule.requesters().includes(requesterId, membership);
            if (member == Audience.Membership.UNKNOWN) {
                return new RequestVerdict.MembershipUnknown();
            }
            if (member == Audience.Membership.NOT_A_MEMBER) {
                return new RequestVerdict.NotARequester(rule);
            }
        }
        for (ScriptRule deny : rule.deny()) {
            if (deny.matches(script)) {
                return new RequestVerdict.Denied(rule, deny.reason());
            }
        }
        if (rule.requireReason() && !hasReason) {
            return new RequestVerdict.ReasonRequired(rule);
        }
        if (!emergency) {
            // Read a moment ago at most: a request let through in that moment is still stopped at Approve.
            Optional<Freeze> freeze = covering(freezes.activeRecently(clock.instant()), site);
            if (freeze.isPresent()) {
                return new RequestVerdict.Frozen(freeze.get());
            }
        }
        List<String> warnings = rule.warn().stream().filter(warn -> warn.matches(script)).map(ScriptRule::reason).toList();
        return new RequestVerdict.Allowed(rule, requiredApprovals(rule, emergency), warnings);
    }

    public DecisionVerdict mayDecide(ChangeRequest request, String actorId, boolean approve) {
        if (actorId.equals(request.requesterId())) {
            return new DecisionVerdict.SelfApproval();
        }
        Policy now = policy.current();
        Optional<PolicyRule> found = now.ruleFor(request.channelId(), request.site());
        if (found.isEmpty()) {
            return new DecisionVerdict.NoRule(now.admins());
        }
        PolicyRule rule = found.get();
        if (rule.approvers().isEmpty()) {
            return new DecisionVerdict.NoApprovers();
        }
        Audience.Membership member = rule.approvers().includes(actorId, membership);
        if (member == Audience.Membership.UNKNOWN) {
            return new DecisionVerdict.MembershipUnknown();
        }
        if (member == Audience.Membership.NOT_A_MEMBER) {
            return new DecisionVerdict.NotAnApprover(rule);
        }
        if (approve && !request.isEmergency()) {
            Optional<Freeze> freeze = freezeCovering(request.site());
            if (freeze.isPresent()) {
                return new DecisionVerdict.Frozen(freeze.get());
            }
        }
        return new DecisionVerdict.Allowed(rule, requiredApprovals(rule, request.isEmergency()));
    }

    /** Admins may freeze, lift freezes and read any request's audit trail. */
    public Audience.Membership isAdmin(String userId) {
        return policy.current().admins().includes(userId, membership);
    }

    public Audience admins() {
        return policy.current().admins();
    }

    /** The rule that covers the request now, if any; for who may read its trail. */
    public Optional<PolicyRule> ruleFor(ChangeRequest request) {
        return policy.current().ruleFor(request.channelId(), request.site());
    }

    /** The rule that covers a channel and site now, if any. */
    public Optional<PolicyRule> ruleFor(String channelId, Site site) {
        return policy.current().ruleFor(channelId, site);
    }

    /** The active freeze covering the site that lasts longest, if any. */
    public Optional<Freeze> freezeCovering(Site site) {
        return covering(freezes.active(clock.instant()), site);
    }

    private static Optional<Freeze> covering(List<Freeze> active, Site site) {
        return active.stream().filter(f -> f.covers(site)).max(Comparator.comparing(Freeze::endsAt));
    }

    /** Break-glass needs one approval more than the rule says. */
    static int requiredApprovals(PolicyRule rule, boolean emergency) {
        return rule.approvals() + (emergency ? 1 : 0);
    }
}
