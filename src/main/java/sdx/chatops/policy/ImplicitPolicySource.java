package sdx.chatops.policy;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.DefaultBean;
import sdx.chatops.approval.Audience;
import sdx.chatops.approval.Policy;
import sdx.chatops.approval.PolicyRule;
import sdx.chatops.approval.PolicySource;
import sdx.chatops.approval.SitePattern;
import sdx.chatops.config.ChatopsConfig;

/**
 * The policy without a policy file: one rule for any channel and any site, approvers from
 * {@code SDX_APPROVERS}, one approval, no expiry.
 */
@ApplicationScoped
@DefaultBean
public class ImplicitPolicySource implements PolicySource {

    private final Policy policy;

    @Inject
    public ImplicitPolicySource(ChatopsConfig config) {
        PolicyRule rule = new PolicyRule("default", Set.of(PolicyRule.ANY_CHANNEL), List.of(SitePattern.of("*")),
                Audience.nobody(), Audience.of(config.sdx().approvers().orElse(List.of())), 1, (Duration) null, null,
                false, false, List.of(), List.of());
        this.policy = new Policy(Audience.nobody(), List.of(rule), "SDX_APPROVERS");
    }

    @Override
    public Policy current() {
        return policy;
    }
}
