package sdx.chatops.approval;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One rule of the policy file (README, "Policy"): which channels and sites it covers, who may ask,
 * who may approve and how many approvals are needed, how long a request may wait, and what a script
 * must not or should not contain.
 *
 * @param name as written, or {@code rules[i]} when the file gives none
 * @param channels channel ids; {@link #ANY_CHANNEL} for every channel
 * @param requesters who may ask; {@link Audience#isEmpty() empty}: anyone in the channel
 * @param approvers who may approve; never empty
 * @param approvals distinct approvers needed, at least 1; the requester never counts
 * @param approvalTtl how long a request may wait for its approvals; null: no limit
 * @param approvalsChannel where the approval message is posted instead of the request's channel; null: there
 * @param forceBackup {@code make_backup} cannot be switched off
 * @param requireReason a reason or ticket must be given with the request
 */
public record PolicyRule(String name, Set<String> channels, List<SitePattern> sites, Audience requesters,
        Audience approvers, int approvals, Duration approvalTtl, String approvalsChannel, boolean forceBackup,
        boolean requireReason, List<ScriptRule> deny, List<ScriptRule> warn) {

    public static final String ANY_CHANNEL = "*";

    public PolicyRule {
        channels = Set.copyOf(channels);
        sites = List.copyOf(sites);
        deny = List.copyOf(deny);
        warn = List.copyOf(warn);
        if (approvals < 1) {
            throw new IllegalArgumentException("approvals must be at least 1");
        }
    }

    public boolean covers(String channelId, Site site) {
        return (channels.contains(ANY_CHANNEL) || channels.contains(channelId))
                && sites.stream().anyMatch(pattern -> pattern.matches(site));
    }
}
