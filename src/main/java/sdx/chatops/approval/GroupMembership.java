package sdx.chatops.approval;

import java.util.Set;

/** Members of a Slack user group; implemented over {@code usergroups.users.list} with a cache. */
public interface GroupMembership {

    Set<String> members(String groupId) throws UnavailableException;

    /** Membership could not be read; the policy then refuses rather than guesses. */
    class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }
    }
}
