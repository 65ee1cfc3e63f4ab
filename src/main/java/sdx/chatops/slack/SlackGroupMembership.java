package sdx.chatops.slack;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import sdx.chatops.approval.GroupMembership;
import sdx.chatops.cache.StaleOnFailure;
import sdx.chatops.config.ChatopsConfig;

/**
 * User-group members from {@code usergroups.users.list}, cached ({@code slack-group-members}): the
 * method is Tier 2 (about 20 calls a minute) and every click asks. When Slack cannot be asked, the
 * last list read is used for at most {@code chatops.slack.group-cache-stale-for}; after that the
 * policy refuses rather than guesses.
 */
@ApplicationScoped
public class SlackGroupMembership implements GroupMembership {

    private final MethodsClient slack;
    private final StaleOnFailure<Set<String>> cache;

    @Inject
    public SlackGroupMembership(MethodsClient slack, @CacheName("slack-group-members") Cache cache, ChatopsConfig config,
            Clock clock) {
        this.slack = slack;
        this.cache = new StaleOnFailure<>(cache, config.slack().groupCacheStaleFor(), clock);
    }

    @Override
    public Set<String> members(String groupId) throws UnavailableException {
        return cache.get(groupId, () -> fetch(groupId));
    }

    private Set<String> fetch(String groupId) throws UnavailableException {
        try {
            var response = slack.usergroupsUsersList(r -> r.usergroup(groupId));
            if (!response.isOk()) {
                throw new UnavailableException("usergroups.users.list: " + response.getError());
            }
            return response.getUsers() == null ? Set.of() : Set.copyOf(response.getUsers());
        } catch (IOException | SlackApiException e) {
            throw new UnavailableException("usergroups.users.list failed: " + e.getClass().getSimpleName());
        }
    }
}
