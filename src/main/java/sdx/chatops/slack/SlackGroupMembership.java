package sdx.chatops.slack;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;

import sdx.chatops.approval.GroupMembership;
import sdx.chatops.config.ChatopsConfig;

/**
 * User-group members from {@code usergroups.users.list}, kept for a short while: the method is
 * Tier 2 (about 20 calls a minute) and every click asks.
 */
@ApplicationScoped
public class SlackGroupMembership implements GroupMembership {

    private record Cached(Set<String> members, Instant fetchedAt) {
    }

    private final MethodsClient slack;
    private final ChatopsConfig config;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    public SlackGroupMembership(MethodsClient slack, ChatopsConfig config, Clock clock) {
        this.slack = slack;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Set<String> members(String groupId) throws UnavailableException {
        Instant now = clock.instant();
        Cached cached = cache.get(groupId);
        if (cached != null && cached.fetchedAt().plus(config.slack().groupCacheTtl()).isAfter(now)) {
            return cached.members();
        }
        try {
            var response = slack.usergroupsUsersList(r -> r.usergroup(groupId));
            if (!response.isOk()) {
                throw new UnavailableException("usergroups.users.list: " + response.getError());
            }
            Set<String> members = Set.copyOf(response.getUsers());
            cache.put(groupId, new Cached(members, now));
            return members;
        } catch (IOException | SlackApiException e) {
            throw new UnavailableException("usergroups.users.list failed: " + e.getClass().getSimpleName());
        }
    }
}
