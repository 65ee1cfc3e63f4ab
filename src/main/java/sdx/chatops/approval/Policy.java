package sdx.chatops.approval;

import java.util.List;
import java.util.Optional;

/**
 * Who may change what, as data: the admins (freezes, audit, the policy itself) and the rules, the
 * first rule covering a request's channel and site deciding. Read from {@code SDX_POLICY_FILE}, or,
 * without one, the implicit rule of earlier versions: any channel, any site, approvers from
 * {@code SDX_APPROVERS}, one approval, no expiry.
 *
 * @param source where it came from, for messages: the file's path, or "SDX_APPROVERS"
 */
public record Policy(Audience admins, List<PolicyRule> rules, String source) {

    public Policy {
        rules = List.copyOf(rules);
    }

    public Optional<PolicyRule> ruleFor(String channelId, Site site) {
        return rules.stream().filter(rule -> rule.covers(channelId, site)).findFirst();
    }
}
