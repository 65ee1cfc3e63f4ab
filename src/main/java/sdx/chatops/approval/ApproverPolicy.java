package sdx.chatops.approval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.config.ChatopsConfig;

/**
 * Who may decide a change request: members of {@code SDX_APPROVERS} (users directly, or through a
 * Slack user group), never the requester. Asked on every click; an empty list fails closed.
 */
@ApplicationScoped
public class ApproverPolicy {

    /** The answer, with the reason when it is no. */
    public enum Verdict {
        ALLOWED,
        SELF_APPROVAL,
        NOT_AN_APPROVER,
        NO_APPROVERS_CONFIGURED,
        MEMBERSHIP_UNKNOWN
    }

    private final Set<String> users = new LinkedHashSet<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private final GroupMembership membership;

    @Inject
    public ApproverPolicy(ChatopsConfig config, GroupMembership membership) {
        this(config.sdx().approvers().orElse(List.of()), membership);
    }

    ApproverPolicy(List<String> approvers, GroupMembership membership) {
        this.membership = membership;
        for (String raw : approvers) {
            String id = raw.trim();
            if (id.startsWith("S")) {
                groups.add(id);
            } else if (!id.isEmpty()) {
                users.add(id);
            }
        }
    }

    public Verdict mayDecide(String actorId, String requesterId) {
        if (actorId.equals(requesterId)) {
            return Verdict.SELF_APPROVAL;
        }
        if (users.isEmpty() && groups.isEmpty()) {
            return Verdict.NO_APPROVERS_CONFIGURED;
        }
        if (users.contains(actorId)) {
            return Verdict.ALLOWED;
        }
        boolean unknown = false;
        for (String group : groups) {
            try {
                if (membership.members(group).contains(actorId)) {
                    return Verdict.ALLOWED;
                }
            } catch (GroupMembership.UnavailableException e) {
                unknown = true;
            }
        }
        return unknown ? Verdict.MEMBERSHIP_UNKNOWN : Verdict.NOT_AN_APPROVER;
    }
}
