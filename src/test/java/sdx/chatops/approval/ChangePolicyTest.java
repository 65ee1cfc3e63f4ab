package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.ChangeRequests;

/** The policy's answers to "may this person ask for this?" and "may this person decide this?". */
class ChangePolicyTest {

    private static final Instant NOW = Instant.parse("2026-04-20T03:14:15Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Site CORE = new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "core-rtr-01", true);
    private static final Site BRANCH = new Site("5f9475ef-565f-5d10-8a86-4c7f5fdb2687", "branch-7", true);
    private static final Site LAB = new Site("0d3c5e52-3b0a-4c4f-9f0e-1d2a3b4c5d6e", "lab", true);

    private static final PolicyRule CORE_RULE = new PolicyRule("core routers", Set.of("C0CORE"),
            List.of(SitePattern.of("core-*"), SitePattern.of(LAB.id())), Audience.of(List.of("S0NETOPS")),
            Audience.of(List.of("S0LEADS", "U0CTO")), 2, Duration.ofHours(1), "C0APPROVALS", true, false,
            List.of(new ScriptRule(Pattern.compile("(?i)/system\\s+reset-configuration"),
                    "factory resets are never done from chat")),
            List.of(new ScriptRule(Pattern.compile("(?i)/ip\\s+service\\s+(disable|set)"), "may cut management access")));
    private static final PolicyRule BRANCHES = new PolicyRule("branches", Set.of("*"), List.of(SitePattern.of("branch-*")),
            Audience.nobody(), Audience.of(List.of("S0NETOPS")), 1, Duration.ofHours(4), null, false, true, List.of(),
            List.of());
    private static final Policy POLICY = new Policy(Audience.of(List.of("S0ADMINS")), List.of(CORE_RULE, BRANCHES), "test");

    private final Map<String, Set<String>> groups = new java.util.HashMap<>(Map.of("S0NETOPS", Set.of("UENGINEER", "ULEADTOO"),
            "S0LEADS", Set.of("ULEAD", "ULEADTOO"), "S0ADMINS", Set.of("UADMIN")));
    private final List<Freeze> freezes = new ArrayList<>();
    /** What this replica read a moment ago, when it differs from the store (another replica just changed it). */
    private List<Freeze> readAMomentAgo;
    private final ChangePolicy policy = new ChangePolicy(() -> POLICY, group -> {
        Set<String> members = groups.get(group);
        if (members == null) {
            throw new GroupMembership.UnavailableException("cannot read " + group);
        }
        return members;
    }, new FreezeStore() {
        @Override
        public Freeze create(SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Freeze> active(Instant now) {
            return freezes.stream().filter(f -> f.isActiveAt(now)).toList();
        }

        @Override
        public List<Freeze> activeRecently(Instant now) {
            return readAMomentAgo == null ? active(now) : readAMomentAgo.stream().filter(f -> f.isActiveAt(now)).toList();
        }

        @Override
        public Optional<Freeze> lift(long id, String liftedBy, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Freeze> liftAll(String liftedBy, Instant now) {
            throw new UnsupportedOperationException();
        }
    }, CLOCK);

    private ChangePolicy.RequestVerdict ask(String channel, Site site, String user, String script) {
        return policy.mayRequest(channel, site, user, script, false, false);
    }

    private static ChangeRequest pendingOn(String channel, Site site, boolean emergency) {
        ChangeRequests r = ChangeRequests.pending();
        r.channelId = channel;
        r.site = site;
        r.requesterId = "UENGINEER";
        r.emergencyReason = emergency ? "core down" : null;
        return r.build();
    }

    @Test
    void firstRuleCoveringChannelAndSiteDecides() {
        ChangePolicy.RequestVerdict verdict = ask("C0CORE", CORE, "UENGINEER", "/ip address print");
        assertThat(verdict).isInstanceOf(ChangePolicy.RequestVerdict.Allowed.class);
        ChangePolicy.RequestVerdict.Allowed allowed = (ChangePolicy.RequestVerdict.Allowed) verdict;
        assertThat(allowed.rule().name()).isEqualTo("core routers");
        assertThat(allowed.requiredApprovals()).isEqualTo(2);
        assertThat(allowed.warnings()).isEmpty();
        assertThat(((ChangePolicy.RequestVerdict.Allowed) ask("C0CORE", LAB, "UENGINEER", "x")).rule().name())
                .isEqualTo("core routers");
    }

    @Test
    void noRuleForThisChannelAndSiteNamesTheAdmins() {
        ChangePolicy.RequestVerdict verdict = ask("C0OTHER", CORE, "UENGINEER", "/ip address print");
        assertThat(verdict).isEqualTo(new ChangePolicy.RequestVerdict.NoRule("C0OTHER", POLICY.admins()));
        assertThat(ask("C0CORE", new Site("11111111-2222-3333-4444-555555555555", "edge", true), "UENGINEER", "x"))
                .isInstanceOf(ChangePolicy.RequestVerdict.NoRule.class);
    }

    @Test
    void onlyListedRequestersMayAskWhereTheRuleNamesThem() {
        assertThat(ask("C0CORE", CORE, "UOUTSIDER", "x")).isEqualTo(new ChangePolicy.RequestVerdict.NotARequester(CORE_RULE));
        assertThat(ask("C0ANY", BRANCH, "UOUTSIDER", "x")).isEqualTo(new ChangePolicy.RequestVerdict.ReasonRequired(BRANCHES));
        assertThat(policy.mayRequest("C0ANY", BRANCH, "UOUTSIDER", "x", false, true))
                .isInstanceOf(ChangePolicy.RequestVerdict.Allowed.class);
    }

    @Test
    void unreadableRequesterGroupIsNotAGuess() {
        groups.remove("S0NETOPS");
        assertThat(ask("C0CORE", CORE, "UENGINEER", "x")).isInstanceOf(ChangePolicy.RequestVerdict.MembershipUnknown.class);
    }

    @Test
    void denyPatternRefusesWithItsReasonAndWarnPatternIsShown() {
        assertThat(ask("C0CORE", CORE, "UENGINEER", "/system  Reset-Configuration no-defaults=yes")).isEqualTo(
                new ChangePolicy.RequestVerdict.Denied(CORE_RULE, "factory resets are never done from chat"));
        ChangePolicy.RequestVerdict.Allowed warned = (ChangePolicy.RequestVerdict.Allowed) ask("C0CORE", CORE, "UENGINEER",
                "/ip service disable telnet");
        assertThat(warned.warnings()).containsExactly("may cut management access");
    }

    @Test
    void freezeRefusesNewRequestsButNotEmergencies() {
        Freeze freeze = new Freeze(7, SitePattern.of("core-*"), "quarterly freeze", "UADMIN", NOW.minusSeconds(60),
                NOW.plusSeconds(3600), null, null);
        freezes.add(freeze);
        assertThat(ask("C0CORE", CORE, "UENGINEER", "x")).isEqualTo(new ChangePolicy.RequestVerdict.Frozen(freeze));
        ChangePolicy.RequestVerdict emergency = policy.mayRequest("C0CORE", CORE, "UENGINEER", "x", true, false);
        assertThat(emergency).isInstanceOf(ChangePolicy.RequestVerdict.Allowed.class);
        assertThat(((ChangePolicy.RequestVerdict.Allowed) emergency).requiredApprovals()).isEqualTo(3);
        assertThat(ask("C0ANY", BRANCH, "UENGINEER", "x")).isInstanceOf(ChangePolicy.RequestVerdict.ReasonRequired.class);
    }

    @Test
    void endedOrLiftedFreezesNoLongerCount() {
        freezes.add(new Freeze(1, SitePattern.of("*"), "over", "UADMIN", NOW.minusSeconds(7200), NOW.minusSeconds(1), null,
                null));
        freezes.add(new Freeze(2, SitePattern.of("*"), "lifted", "UADMIN", NOW.minusSeconds(60), NOW.plusSeconds(3600),
                "UADMIN", NOW.minusSeconds(10)));
        assertThat(ask("C0CORE", CORE, "UENGINEER", "x")).isInstanceOf(ChangePolicy.RequestVerdict.Allowed.class);
    }

    @Test
    void approverMustBeListedByTheRuleInForceAndNeverTheRequester() {
        ChangeRequest request = pendingOn("C0CORE", CORE, false);
        assertThat(policy.mayDecide(request, "ULEAD", true)).isEqualTo(new ChangePolicy.DecisionVerdict.Allowed(CORE_RULE, 2));
        assertThat(policy.mayDecide(request, "U0CTO", true)).isInstanceOf(ChangePolicy.DecisionVerdict.Allowed.class);
        assertThat(policy.mayDecide(request, "UENGINEER", true)).isInstanceOf(ChangePolicy.DecisionVerdict.SelfApproval.class);
        assertThat(policy.mayDecide(request, "UOUTSIDER", false))
                .isEqualTo(new ChangePolicy.DecisionVerdict.NotAnApprover(CORE_RULE));
    }

    @Test
    void approverWhoLeftTheGroupMayNoLongerDecide() {
        ChangeRequest request = pendingOn("C0CORE", CORE, false);
        assertThat(policy.mayDecide(request, "ULEAD", true)).isInstanceOf(ChangePolicy.DecisionVerdict.Allowed.class);
        groups.put("S0LEADS", Set.of("ULEADTOO"));
        assertThat(policy.mayDecide(request, "ULEAD", true)).isInstanceOf(ChangePolicy.DecisionVerdict.NotAnApprover.class);
    }

    @Test
    void requestNoRuleCoversAnyMoreCannotBeDecided() {
        ChangeRequest request = pendingOn("C0GONE", CORE, false);
        assertThat(policy.mayDecide(request, "ULEAD", true)).isInstanceOf(ChangePolicy.DecisionVerdict.NoRule.class);
    }

    @Test
    void newRequestsAreCheckedAgainstTheRecentReadOfFreezesButApprovalsAgainstTheStore() {
        Freeze started = new Freeze(4, SitePattern.of("core-*"), "started on another replica", "UADMIN", NOW.minusSeconds(1),
                NOW.plusSeconds(3600), null, null);
        Freeze lifted = new Freeze(5, SitePattern.of("branch-*"), "lifted on another replica", "UADMIN",
                NOW.minusSeconds(60), NOW.plusSeconds(3600), null, null);
        freezes.add(started);
        readAMomentAgo = List.of(lifted);

        assertThat(ask("C0CORE", CORE, "UENGINEER", "x")).isInstanceOf(ChangePolicy.RequestVerdict.Allowed.class);
        assertThat(policy.mayRequest("C0ANY", BRANCH, "UENGINEER", "x", false, true))
                .isEqualTo(new ChangePolicy.RequestVerdict.Frozen(lifted));
        assertThat(policy.mayDecide(pendingOn("C0CORE", CORE, false), "ULEAD", true))
                .isEqualTo(new ChangePolicy.DecisionVerdict.Frozen(started));
        assertThat(policy.freezeCovering(CORE)).contains(started);
    }

    @Test
    void freezeBlocksApprovalsButNotRejectionsOrEmergencies() {
        Freeze freeze = new Freeze(3, SitePattern.of("core-*"), "incident", "UADMIN", NOW.minusSeconds(60),
                NOW.plusSeconds(3600), null, null);
        freezes.add(freeze);
        assertThat(policy.mayDecide(pendingOn("C0CORE", CORE, false), "ULEAD", true))
                .isEqualTo(new ChangePolicy.DecisionVerdict.Frozen(freeze));
        assertThat(policy.mayDecide(pendingOn("C0CORE", CORE, false), "ULEAD", false))
                .isInstanceOf(ChangePolicy.DecisionVerdict.Allowed.class);
        assertThat(policy.mayDecide(pendingOn("C0CORE", CORE, true), "ULEAD", true))
                .isEqualTo(new ChangePolicy.DecisionVerdict.Allowed(CORE_RULE, 3));
    }

    @Test
    void adminsComeFromThePolicy() {
        assertThat(policy.isAdmin("UADMIN")).isEqualTo(Audience.Membership.MEMBER);
        assertThat(policy.isAdmin("ULEAD")).isEqualTo(Audience.Membership.NOT_A_MEMBER);
        groups.remove("S0ADMINS");
        assertThat(policy.isAdmin("UADMIN")).isEqualTo(Audience.Membership.UNKNOWN);
    }
}
