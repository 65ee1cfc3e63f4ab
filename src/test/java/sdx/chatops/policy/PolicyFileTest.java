package sdx.chatops.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sdx.chatops.approval.Audience;
import sdx.chatops.approval.Policy;
import sdx.chatops.approval.PolicyRule;
import sdx.chatops.approval.ScriptRule;
import sdx.chatops.approval.Site;
import sdx.chatops.approval.SitePattern;

/** The policy file's format (README, "Policy"): what a valid file means, and what an invalid one is told. */
class PolicyFileTest {

    static final String FILE = "/etc/sdx-chatops/policy.yaml";

    /** The example of the README, every key. */
    static final String EXAMPLE = """
            admins: [S0NETADMIN]               # users (U…/W…) or user groups (S…): freezes, audit, policy view
            defaults:
              approvals: 1                     # distinct approvers needed; the requester never counts
              approval_ttl: 4h                 # a pending request expires after this long
            rules:                             # the first rule matching (channel, site) decides
              - name: core routers
                channels: [C0CORE001]          # channel ids, or "*" for any channel
                sites: ["core-*", "9c69345c-8d39-4786-9f17-8153c988c89a"]   # SDX names (glob, case-insensitive) or UUIDs
                requesters: [S0NETOPS]         # who may ask; omitted: anyone in the channel
                approvers: [S0LEADS, U0CTO]    # who may approve; required
                approvals: 2
                approval_ttl: 1h
                approvals_channel: C0APPROVALS # optional: the approval message goes there; the request's channel gets a pointer
                force_backup: true             # make_backup cannot be switched off
                require_reason: true           # a reason / ticket must be given (optional key, default false)
                deny:                          # refused at once, with the reason
                  - pattern: '(?i)/system\\s+reset-configuration'
                    reason: factory resets are never done from chat
                warn:                          # shown prominently on the approval message
                  - pattern: '(?i)/ip\\s+service\\s+(disable|set)'
                    reason: may cut management access
              - name: branches
                channels: ["*"]
                sites: ["branch-*"]
                approvers: [S0NETOPS]
            """;

    /** A valid rule to put problems next to. */
    static final String BRANCHES = """
              - name: branches
                channels: ["*"]
                sites: ["branch-*"]
                approvers: [S0NETOPS]
            """;

    static PolicyFile.Parsed parse(String yaml) {
        return PolicyFile.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8), Audience.nobody());
    }

    static InvalidPolicyException invalid(String yaml) {
        InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> parse(yaml));
        assertThat(e).as("the file is refused").isNotNull();
        assertThat(e.getMessage()).startsWith("the policy file " + FILE + " (SDX_POLICY_FILE) has ");
        return e;
    }

    /** The one problem of a file that has exactly one. */
    static String problem(String yaml) {
        InvalidPolicyException e = invalid(yaml);
        assertThat(e.problems()).as(e.getMessage()).hasSize(1);
        assertThat(e.getMessage()).contains(e.problems().get(0));
        return e.problems().get(0);
    }

    static String rule(String body) {
        return "rules:\n  - name: core routers\n" + body.stripIndent().indent(4) + BRANCHES;
    }

    @Test
    void exampleFileParsesIntoTheExactModel() {
        PolicyFile.Parsed parsed = parse(EXAMPLE);
        Policy policy = parsed.policy();

        assertThat(parsed.warnings()).isEmpty();
        assertThat(policy.source()).isEqualTo(FILE);
        assertThat(policy.admins().groups()).containsExactly("S0NETADMIN");
        assertThat(policy.admins().users()).isEmpty();
        assertThat(policy.rules()).extracting(PolicyRule::name).containsExactly("core routers", "branches");

        PolicyRule core = policy.rules().get(0);
        assertThat(core.channels()).containsExactly("C0CORE001");
        assertThat(core.sites()).extracting(SitePattern::text).containsExactly("core-*",
                "9c69345c-8d39-4786-9f17-8153c988c89a");
        assertThat(core.sites()).extracting(SitePattern::isUuid).containsExactly(false, true);
        assertThat(core.requesters()).isEqualTo(new Audience(Set.of(), Set.of("S0NETOPS")));
        assertThat(core.approvers().users()).containsExactly("U0CTO");
        assertThat(core.approvers().groups()).containsExactly("S0LEADS");
        assertThat(core.approvals()).isEqualTo(2);
        assertThat(core.approvalTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(core.approvalsChannel()).isEqualTo("C0APPROVALS");
        assertThat(core.forceBackup()).isTrue();
        assertThat(core.requireReason()).isTrue();
        assertThat(core.deny()).extracting(ScriptRule::reason).containsExactly("factory resets are never done from chat");
        assertThat(core.deny().get(0).pattern().pattern()).isEqualTo("(?i)/system\\s+reset-configuration");
        assertThat(core.deny().get(0).matches(":log info x\n/SYSTEM   reset-configuration no-defaults=yes")).isTrue();
        assertThat(core.warn()).extracting(ScriptRule::reason).containsExactly("may cut management access");
        assertThat(core.warn().get(0).matches("/ip service disable telnet")).isTrue();
        assertThat(core.warn().get(0).matches("/ip address print")).isFalse();

        PolicyRule branches = policy.rules().get(1);
        assertThat(branches.channels()).containsExactly(PolicyRule.ANY_CHANNEL);
        assertThat(branches.sites()).extracting(SitePattern::text).containsExactly("branch-*");
        assertThat(branches.requesters().isEmpty()).isTrue();
        assertThat(branches.approvers()).isEqualTo(new Audience(Set.of(), Set.of("S0NETOPS")));
        assertThat(branches.approvals()).as("from defaults").isEqualTo(1);
        assertThat(branches.approvalTtl()).as("from defaults").isEqualTo(Duration.ofHours(4));
        assertThat(branches.approvalsChannel()).isNull();
        assertThat(branches.forceBackup()).isFalse();
        assertThat(branches.requireReason()).isFalse();
        assertThat(branches.deny()).isEmpty();
        assertThat(branches.warn()).isEmpty();

        Site coreByName = new Site("11111111-2222-3333-4444-555555555555", "CORE-RTR-01", true);
        Site coreById = new Site("9C69345C-8D39-4786-9F17-8153C988C89A", "Datacentre", true);
        Site branch = new Site("22222222-2222-3333-4444-555555555555", "Branch-Leeds", true);
        assertThat(policy.ruleFor("C0CORE001", coreByName)).contains(core);
        assertThat(policy.ruleFor("C0CORE001", coreById)).contains(core);
        assertThat(policy.ruleFor("C0OTHER01", coreByName)).as("core routers only from their channel").isEmpty();
        assertThat(policy.ruleFor("C0OTHER01", branch)).contains(branches);
    }

    @Test
    void withoutDefaultsOneApprovalAndFourHoursApply() {
        PolicyRule rule = parse("rules:\n" + BRANCHES).policy().rules().get(0);

        assertThat(rule.approvals()).isEqualTo(1);
        assertThat(rule.approvalTtl()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void defaultsApplyToRulesThatSayNothingAndRulesOverrideThem() {
        Policy policy = parse("""
                defaults:
                  approvals: 3
                  approval_ttl: 30m
                rules:
                  - name: overrides
                    channels: [C0CORE001]
                    sites: ["*"]
                    approvers: [S0LEADS]
                    approvals: 2
                    approval_ttl: 1h30m
                """ + BRANCHES).policy();

        assertThat(policy.rules().get(0).approvals()).isEqualTo(2);
        assertThat(policy.rules().get(0).approvalTtl()).isEqualTo(Duration.ofMinutes(90));
        assertThat(policy.rules().get(1).approvals()).isEqualTo(3);
        assertThat(policy.rules().get(1).approvalTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void withoutAdminsKeyTheAdminsOfSdxAdminsApply() {
        Audience fromEnvironment = Audience.of(List.of("U0BOSS", "S0ADMINS"));
        Policy policy = PolicyFile.parse(FILE, ("rules:\n" + BRANCHES).getBytes(StandardCharsets.UTF_8), fromEnvironment)
                .policy();
        Policy ownAdmins = PolicyFile.parse(FILE, EXAMPLE.getBytes(StandardCharsets.UTF_8), fromEnvironment).policy();

        assertThat(policy.admins()).isEqualTo(fromEnvironment);
        assertThat(ownAdmins.admins()).isEqualTo(new Audience(Set.of(), Set.of("S0NETADMIN")));
    }

    @Test
    void adminsMixUsersAndGroups() {
        Policy policy = parse("admins: [U0ALICE, W0BOB, S0NETADMIN]\nrules:\n" + BRANCHES).policy();

        assertThat(policy.admins().users()).containsExactlyInAnyOrder("U0ALICE", "W0BOB");
        assertThat(policy.admins().groups()).containsExactly("S0NETADMIN");
    }

    @Test
    void ruleWithoutNameIsCalledByItsPlace() {
        Policy policy = parse("""
                rules:
                  - channels: ["*"]
                    sites: ["core-*"]
                    approvers: [U0CTO]
                """ + BRANCHES).policy();

        assertThat(policy.rules()).extracting(PolicyRule::name).containsExactly("rules[0]", "branches");
    }

    @ParameterizedTest
    @CsvSource({ "90s, PT1M30S", "30m, PT30M", "4h, PT4H", "1h30m, PT1H30M", "2d, PT48H", "1d12h, PT36H",
            "1h0m30s, PT1H30S" })
    void durationsAreANumberAndAUnitLargestFirst(String text, Duration expected) {
        assertThat(parse("defaults: {approval_ttl: " + text + "}\nrules:\n" + BRANCHES).policy().rules().get(0).approvalTtl())
                .isEqualTo(expected);
    }

    @Test
    void implicitPolicyWithoutAFileIsTheOneRuleOfSdxApprovers() {
        Audience admins = Audience.of(List.of("S0ADMINS"));
        Policy policy = PolicyFile.implicit(List.of("U0APPROVER", " S0LEADS "), admins);

        assertThat(policy.source()).isEqualTo("SDX_APPROVERS");
        assertThat(policy.admins()).isEqualTo(admins);
        assertThat(policy.rules()).hasSize(1);
        PolicyRule rule = policy.rules().get(0);
        assertThat(rule.name()).isEqualTo("default");
        assertThat(rule.channels()).containsExactly("*");
        assertThat(rule.sites()).extracting(SitePattern::text).containsExactly("*");
        assertThat(rule.approvers()).isEqualTo(new Audience(Set.of("U0APPROVER"), Set.of("S0LEADS")));
        assertThat(rule.requesters().isEmpty()).isTrue();
        assertThat(rule.approvals()).isEqualTo(1);
        assertThat(rule.approvalTtl()).isNull();
        assertThat(rule.approvalsChannel()).isNull();
        assertThat(rule.forceBackup()).isFalse();
        assertThat(rule.requireReason()).isFalse();
        assertThat(rule.deny()).isEmpty();
        assertThat(rule.warn()).isEmpty();
        assertThat(policy.ruleFor("C0ANY0001", new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "Any Site", false)))
                .contains(rule);
        assertThat(policy.ruleFor("G0PRIVATE", new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "", true))).contains(rule);
    }

    @Test
    void sdxAdminsOfTheWrongShapeAreNamed() {
        assertThat(PolicyFile.envAdmins(List.of("U0ALICE", " S0ADMINS", ""))).isEqualTo(
                new Audience(Set.of("U0ALICE"), Set.of("S0ADMINS")));
        assertThatThrownBy(() -> PolicyFile.envAdmins(List.of("U0ALICE", "@alice", "netops")))
                .hasMessage("SDX_ADMINS: '@alice', 'netops' are not Slack user ids (U..., W...) or user group ids (S...)");
    }

    // One kind of invalid file per test: each message names the file (with the line), the rule and the key.

    @Test
    void badGlobNamesFileRuleAndKey() {
        String problem = problem(rule("""
                channels: [C0CORE001]
                sites: ["core-*", "core-[ab"]
                approvers: [U0CTO]
                """));

        assertThat(problem)
                .isEqualTo(FILE + ":4: rule \"core routers\" (rules[0]), key sites[1]: glob 'core-[ab' has a [ without its ]");
    }

    @Test
    void badRegexNamesFileRuleAndKey() {
        String problem = problem(rule("""
                channels: [C0CORE001]
                sites: ["core-*"]
                approvers: [U0CTO]
                deny:
                  - pattern: '(?i)/system\\s+(reset'
                    reason: no resets
                """));

        assertThat(problem).startsWith(FILE + ":7: rule \"core routers\" (rules[0]), key deny[0].pattern: "
                + "'(?i)/system\\s+(reset' is not a valid Java regular expression: Unclosed group");
    }

    @Test
    void unknownKeysAreRefusedEverywhereWithTheKnownKeysInTheOrderOfTheFile() {
        InvalidPolicyException e = invalid("""
                admin: [S0NETADMIN]
                defaults:
                  approval-ttl: 4h
                rules:
                  - name: core routers
                    channels: [C0CORE001]
                    sites: ["core-*"]
                    approver: [U0CTO]
                    deny:
                      - pattern: reboot
                        reason: never
                        severity: high
                """ + BRANCHES);

        assertThat(e.problems()).containsExactly(
                FILE + ":1: top level, key admin: unknown key (did you mean admins?); the keys of the top level are admins,"
                        + " defaults, rules",
                FILE + ":3: defaults, key approval-ttl: unknown key (did you mean approval_ttl?); the keys of defaults are"
                        + " approvals, approval_ttl",
                FILE + ":5: rule \"core routers\" (rules[0]), key approvers: missing; it is required, e.g. approvers:"
                        + " [S0NETOPS, U0CTO]",
                FILE + ":8: rule \"core routers\" (rules[0]), key approver: unknown key (did you mean approvers?); the keys"
                        + " of a rule are name, channels, sites, requesters, approvers, approvals, approval_ttl,"
                        + " approvals_channel, force_backup, require_reason, deny, warn",
                FILE + ":12: rule \"core routers\" (rules[0]), key deny[0].severity: unknown key; the keys of a deny entry"
                        + " are pattern, reason");
    }

    @Test
    void idsOfTheWrongShapeAreNamed() {
        InvalidPolicyException e = invalid("""
                admins: [netadmins]
                rules:
                  - name: core routers
                    channels: ["#core", C0CORE001, c0lower]
                    sites: ["core-*"]
                    requesters: [C0NOTAUSER]
                    approvers: [u0cto, S0LEADS, "<@U0CTO>"]
                    approvals_channel: U0NOTACHAN
                """ + BRANCHES);

        assertThat(e.problems()).containsExactly(
                FILE + ":1: top level, key admins[0]: 'netadmins' is not a Slack user id (U..., W...) or user group id (S...)",
                FILE + ":4: rule \"core routers\" (rules[0]), key channels[0]: '#core' is not a Slack channel id (C..., G...,"
                        + " D...) or \"*\"; write the channel's id (in its details in Slack), not its name",
                FILE + ":4: rule \"core routers\" (rules[0]), key channels[2]: 'c0lower' is not a Slack channel id (C..., G...,"
                        + " D...) or \"*\"",
                FILE + ":6: rule \"core routers\" (rules[0]), key requesters[0]: 'C0NOTAUSER' is not a Slack user id (U...,"
                        + " W...) or user group id (S...)",
                FILE + ":7: rule \"core routers\" (rules[0]), key approvers[0]: 'u0cto' is not a Slack user id (U..., W...) or"
                        + " user group id (S...)",
                FILE + ":7: rule \"core routers\" (rules[0]), key approvers[2]: '<@U0CTO>' is not a Slack user id (U..., W...)"
                        + " or user group id (S...)",
                FILE + ":8: rule \"core routers\" (rules[0]), key approvals_channel: 'U0NOTACHAN' is not a Slack channel id"
                        + " (C..., G..., D...)");
    }

    @Test
    void approvalsChannelIsOneChannelNotAny() {
        assertThat(problem(rule("""
                channels: [C0CORE001]
                sites: ["core-*"]
                approvers: [U0CTO]
                approvals_channel: "*"
                """))).isEqualTo(
                FILE + ":6: rule \"core routers\" (rules[0]), key approvals_channel: must be one channel id, not \"*\"");
    }

    @Test
    void approvalsBelowOneOrNotAWholeNumberAreRefused() {
        InvalidPolicyException e = invalid("""
                defaults:
                  approvals: 0
                rules:
                  - name: as text
                    channels: ["*"]
                    sites: ["a-*"]
                    approvers: [U0CTO]
                    approvals: "2"
                  - name: fraction
                    channels: ["*"]
                    sites: ["b-*"]
                    approvers: [U0CTO]
                    approvals: 1.5
                  - name: negative
                    channels: ["*"]
                    sites: ["c-*"]
                    approvers: [U0CTO]
                    approvals: -1
                """);

        assertThat(e.problems()).containsExactly(
                FILE + ":2: defaults, key approvals: is 0; at least 1 approval is needed (the requester never counts)",
                FILE + ":8: rule \"as text\" (rules[0]), key approvals: must be a whole number of at least 1, not a string ('2')",
                FILE + ":13: rule \"fraction\" (rules[1]), key approvals: must be a whole number of at least 1, not a number (1.5)",
                FILE + ":18: rule \"negative\" (rules[2]), key approvals: is -1; at least 1 approval is needed (the requester"
                        + " never counts)");
    }

    @Test
    void badDurationsAreRefusedWithTheAcceptedForms() {
        InvalidPolicyException e = invalid("""
                defaults:
                  approval_ttl: 4 hours
                rules:
                  - name: zero
                    channels: ["*"]
                    sites: ["a-*"]
                    approvers: [U0CTO]
                    approval_ttl: 0m
                  - name: negative
                    channels: ["*"]
                    sites: ["b-*"]
                    approvers: [U0CTO]
                    approval_ttl: -1h
                  - name: no unit
                    channels: ["*"]
                    sites: ["c-*"]
                    approvers: [U0CTO]
                    approval_ttl: 3600
                  - name: wrong order
                    channels: ["*"]
                    sites: ["d-*"]
                    approvers: [U0CTO]
                    approval_ttl: 30m1h
                """);

        String forms = "a whole number and a unit (d, h, m, s), largest unit first, e.g. 90s, 30m, 4h, 1h30m, 2d";
        assertThat(e.problems()).containsExactly(
                FILE + ":2: defaults, key approval_ttl: '4 hours' is not a duration; write " + forms,
                FILE + ":8: rule \"zero\" (rules[0]), key approval_ttl: '0m' is zero; it must be longer than zero",
                FILE + ":13: rule \"negative\" (rules[1]), key approval_ttl: '-1h' is negative; it must be longer than zero",
                FILE + ":18: rule \"no unit\" (rules[2]), key approval_ttl: must be a duration with its unit, " + forms
                        + ", not a number (3600)",
                FILE + ":23: rule \"wrong order\" (rules[3]), key approval_ttl: '30m1h' is not a duration; write " + forms);
    }

    @Test
    void missingRequiredKeysAreNamed() {
        InvalidPolicyException e = invalid("""
                rules:
                  - name: core routers
                    requesters: [S0NETOPS]
                  - channels: ["*"]
                    sites: ["*"]
                    approvers: [S0NETOPS]
                    deny:
                      - pattern: reboot
                """);

        assertThat(e.problems()).containsExactly(
                FILE + ":2: rule \"core routers\" (rules[0]), key channels: missing; it is required, e.g. channels: [C0CORE001]"
                        + " or [\"*\"]",
                FILE + ":2: rule \"core routers\" (rules[0]), key sites: missing; it is required, e.g. sites: [\"branch-*\"]",
                FILE + ":2: rule \"core routers\" (rules[0]), key approvers: missing; it is required, e.g. approvers:"
                        + " [S0NETOPS, U0CTO]",
                FILE + ":8: rule rules[1], key deny[0].reason: missing; it is required, e.g. reason: what people are told");
    }

    @Test
    void fileWithoutRulesIsRefused() {
        assertThat(problem("admins: [S0NETADMIN]\n")).isEqualTo(FILE + ":1: top level, key rules: missing; a policy file"
                + " allows only what a rule allows, so it needs at least one rule");
        assertThat(problem("rules: []\n")).isEqualTo(FILE + ":1: top level, key rules: is empty; a policy file allows only"
                + " what a rule allows, so it needs at least one rule");
    }

    @Test
    void wrongTypesAreNamedWithWhatWasFound() {
        InvalidPolicyException e = invalid("""
                admins: S0NETADMIN
                defaults: 4h
                rules:
                  - name: core routers
                    channels: C0CORE001
                    sites: ["core-*", 42]
                    approvers: [U0CTO]
                    force_backup: "yes please"
                    require_reason: 1
                    deny: "(?i)reboot"
                    warn:
                      - "(?i)/ip service"
                  - just a string
                  - name: 7
                    channels: []
                    sites: ["*"]
                    approvers:
                """);

        assertThat(e.problems()).containsExactly(
                FILE + ":1: top level, key admins: must be a list, e.g. admins: [S0NETOPS, U0CTO], not a string ('S0NETADMIN')",
                FILE + ":2: top level, key defaults: must be a mapping of approvals and approval_ttl, not a string ('4h')",
                FILE + ":5: rule \"core routers\" (rules[0]), key channels: must be a list, e.g. channels: [C0CORE001] or"
                        + " [\"*\"], not a string ('C0CORE001')",
                FILE + ":6: rule \"core routers\" (rules[0]), key sites[1]: must be a string, not a number (42)",
                FILE + ":8: rule \"core routers\" (rules[0]), key force_backup: must be true or false, not a string ('yes please')",
                FILE + ":9: rule \"core routers\" (rules[0]), key require_reason: must be true or false, not a number (1)",
                FILE + ":10: rule \"core routers\" (rules[0]), key deny: must be a list of entries with pattern and reason, not"
                        + " a string ('(?i)reboot')",
                FILE + ":12: rule \"core routers\" (rules[0]), key warn[0]: must be a mapping with pattern and reason, not a"
                        + " string ('(?i)/ip service')",
                FILE + ":13: rule rules[1]: must be a mapping (name, channels, sites, approvers, ...), not a string ('just a"
                        + " string')",
                FILE + ":14: rule rules[2], key name: must be a string, not a number (7); put it in quotes",
                FILE + ":15: rule rules[2], key channels: is empty; list at least one, e.g. channels: [C0CORE001] or [\"*\"]",
                FILE + ":17: rule rules[2], key approvers: has no value; give one or leave the key out");
    }

    @Test
    void emptyRequestersListIsRefusedBecauseOmittingItMeansAnyone() {
        assertThat(problem(rule("""
                channels: [C0CORE001]
                sites: ["core-*"]
                requesters: []
                approvers: [U0CTO]
                """)))
                .isEqualTo(FILE + ":5: rule \"core routers\" (rules[0]), key requesters: is empty; leave the key out to let"
                        + " anyone in the channel ask, or list who may");
    }

    @Test
    void emptyReasonIsRefused() {
        assertThat(problem(rule("""
                channels: [C0CORE001]
                sites: ["core-*"]
                approvers: [U0CTO]
                warn:
                  - pattern: reboot
                    reason: "  "
                """))).isEqualTo(FILE + ":8: rule \"core routers\" (rules[0]), key warn[0].reason: is an empty string");
    }

    @Test
    void ruleNamesMustBeUnique() {
        assertThat(problem("rules:\n" + BRANCHES + BRANCHES.replace("branch-*", "store-*")))
                .isEqualTo(FILE + ":6: rule \"branches\" (rules[1]), key name: 'branches' is already the name of rules[0];"
                        + " names must be unique");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(problem("""
                rules:
                  - name: core routers
                    channels: [C0CORE001]
                    sites: ["core-*"]
                    approvers: [U0CTO]
                    approvers: [S0EVERYONE]
                """))
                .isEqualTo(FILE + ":6: rule \"core routers\" (rules[0]), key approvers: written twice (lines 5 and 6); YAML"
                        + " would keep only the last, so write it once");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        String problem = problem("""
                rules:
                  - name: core routers
                    channels: [C0CORE001
                    sites: ["core-*"]
                """);

        assertThat(problem).isEqualTo(FILE + ":4: rule \"core routers\" (rules[0]), key channels[0]: not valid YAML: expected"
                + " ',' or ']', but got : (while parsing a flow sequence started on line 3)");
        assertThat(problem).doesNotContain("\n");
    }

    @Test
    void tabsForIndentationAreASyntaxError() {
        assertThat(problem("rules:\n\t- name: x\n")).startsWith(FILE + ":2: ").contains("not valid YAML")
                .contains("TAB");
    }

    @Test
    void aliasesAreRefusedRatherThanMisread() {
        assertThat(problem("""
                rules:
                  - name: core routers
                    channels: &core [C0CORE001]
                    sites: ["core-*"]
                    approvers: [U0CTO]
                  - name: more
                    channels: *core
                    sites: ["more-*"]
                    approvers: [U0CTO]
                """))
                .isEqualTo(
                        FILE + ":7: rule \"more\" (rules[1]), key channels: an alias (*core); aliases are not supported in the"
                                + " policy file, write the value out");
    }

    @Test
    void emptyFileIsRefused() {
        assertThat(problem("")).isEqualTo(FILE + ":1: the file is empty; a policy needs at least its rules (README.md,"
                + " section Policy)");
        assertThat(problem("# nothing yet\n")).startsWith(FILE + ":1: the file is empty");
    }

    @Test
    void aListAtTheTopIsRefused() {
        assertThat(problem("- name: x\n")).isEqualTo(FILE + ":1: the file must be a mapping with the keys admins, defaults,"
                + " rules, not a list");
    }

    @Test
    void secondYamlDocumentIsRefused() {
        assertThat(problem("rules:\n" + BRANCHES + "---\nrules: []\n"))
                .isEqualTo(FILE + ":7: a second YAML document (after ---); the policy is one document");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidPolicyException e = invalid("""
                admins: [nobody]
                defaults:
                  approvals: zero
                rules:
                  - name: core routers
                    channels: [C0CORE001]
                    sites: ["core-["]
                    approvers: [U0CTO]
                    deny:
                      - pattern: "("
                        reason: broken
                  - name: branches
                    channels: ["*"]
                    sites: ["branch-*"]
                    approval_ttl: soon
                """);

        assertThat(e.problems()).hasSize(6);
        assertThat(e.getMessage())
                .startsWith("the policy file " + FILE + " (SDX_POLICY_FILE) has 6 problems:\n  " + FILE + ":1: ");
        assertThat(e.getMessage()).contains("key admins[0]", "defaults, key approvals", "(rules[0]), key sites[0]",
                "(rules[0]), key deny[0].pattern", "rule \"branches\" (rules[1]), key approvers: missing",
                "rule \"branches\" (rules[1]), key approval_ttl: 'soon' is not a duration");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        String file = dir.resolve("policy.yaml").toString();

        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(InvalidPolicyException.class)
                .hasMessage("the policy file " + file + " (SDX_POLICY_FILE) has 1 problem:\n  " + file + ": does not exist");
    }

    @Test
    void directoryInsteadOfAFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyFile.read(dir.toString())).isInstanceOf(InvalidPolicyException.class)
                .hasMessageEndingWith(dir + ": is a directory, not a file");
    }

    @Test
    void unreadableFileIsNamed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), "rules: []\n");
        Files.setPosixFilePermissions(file, Set.of());
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file), "running as root: every file is readable");

        assertThatThrownBy(() -> PolicyFile.read(file.toString())).isInstanceOf(InvalidPolicyException.class)
                .hasMessageEndingWith(file + ": cannot be read: permission denied");
    }

    @Test
    void hugeFileIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("policy.yaml"), new byte[PolicyFile.MAX_BYTES + 1]);

        assertThatThrownBy(() -> PolicyFile.read(file.toString())).hasMessageContaining(file + ": is larger than 1024 KiB");
    }

    @Test
    void ruleAfterACatchAllAndTooFewApproversAreWarnedAbout() {
        PolicyFile.Parsed parsed = parse("""
                rules:
                  - name: everything
                    channels: ["*"]
                    sites: ["*"]
                    approvers: [U0CTO]
                    approvals: 2
                """ + BRANCHES);

        assertThat(parsed.warnings()).containsExactly(
                FILE + ":6: rule \"everything\" (rules[0]), key approvals: needs 2 approvals but approvers lists only 1 user(s)"
                        + " and no group: no request under this rule can be approved",
                FILE + ":7: rule \"branches\" (rules[1]): never applies: rule \"everything\" (rules[0]) before it covers every"
                        + " channel and every site");
    }
}
