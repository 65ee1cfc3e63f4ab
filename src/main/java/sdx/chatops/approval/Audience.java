package sdx.chatops.approval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A list of people as a policy names them: Slack user ids ({@code U...}, {@code W...}) and user group
 * ids ({@code S...}). Membership of a group is asked of Slack (through {@link GroupMembership}) when
 * it matters; when Slack cannot tell, the answer is {@link Membership#UNKNOWN} and callers refuse
 * rather than guess.
 */
public record Audience(Set<String> users, Set<String> groups) {

    public enum Membership {
        MEMBER,
        NOT_A_MEMBER,
        UNKNOWN
    }

    public Audience {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    /** From ids of either kind; {@code S...} ids are groups, blanks are ignored. */
    public static Audience of(List<String> ids) {
        Set<String> users = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (String raw : ids) {
            String id = raw == null ? "" : raw.trim();
            if (id.startsWith("S")) {
                groups.add(id);
            } else if (!id.isEmpty()) {
                users.add(id);
            }
        }
        return new Audience(users, groups);
    }

    public static Audience nobody() {
        return new Audience(Set.of(), Set.of());
    }

    public boolean isEmpty() {
        return users.isEmpty() && groups.isEmpty();
    }

    public Membership includes(String userId, GroupMembership membership) {
        if (users.contains(userId)) {
            return Membership.MEMBER;
        }
        boolean unknown = false;
        for (String group : groups) {
            try {
                if (membership.members(group).contains(userId)) {
                    return Membership.MEMBER;
                }
            } catch (GroupMembership.UnavailableException e) {
                unknown = true;
            }
        }
        return unknown ? Membership.UNKNOWN : Membership.NOT_A_MEMBER;
    }

    /** Every id, users first, for messages that say who to ask. */
    public List<String> ids() {
        return java.util.stream.Stream.concat(users.stream().sorted(), groups.stream().sorted()).toList();
    }
}
