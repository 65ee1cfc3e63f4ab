package sdx.chatops.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sdx.chatops.approval.Audience;
import sdx.chatops.approval.Policy;
import sdx.chatops.approval.PolicyRule;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.TestConfig;

/** The policy in force, from SDX_POLICY_FILE at start-up and whenever the file's content changes. */
class FilePolicySourceTest {

    static final String ONE_RULE = """
            rules:
              - name: branches
                channels: ["*"]
                sites: ["branch-*"]
                approvers: [S0NETOPS]
            """;

    static final String TWO_RULES = """
            admins: [S0NETADMIN]
            rules:
              - name: core routers
                channels: [C0CORE001]
                sites: ["core-*"]
                approvers: [S0LEADS]
                approvals: 2
              - name: branches
                channels: ["*"]
                sites: ["branch-*"]
                approvers: [S0NETOPS]
            """;

    static final String BROKEN = """
            rules:
              - name: core routers
                channels: [C0CORE001]
                sites: ["core-["]
                approvers: [S0LEADS]
            """;

    private final LogCapture log = LogCapture.install();
    private final int mark = log.mark();

    @TempDir
    Path dir;

    private FilePolicySource source(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        return new FilePolicySource(TestConfig.chatops(values),
                Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC));
    }

    private FilePolicySource started(Path file) {
        FilePolicySource source = source(Map.of("chatops.policy.file", file.toString()));
        source.onStart(null);
        return source;
    }

    private List<LogCapture.Line> lines(String level) {
        return log.since(mark).stream().filter(line -> line.logger().equals(FilePolicySource.class.getName()))
                .filter(line -> line.level().getName().equals(level)).toList();
    }

    private List<LogCapture.Line> linesSince(int from) {
        return log.since(from).stream().filter(line -> line.logger().equals(FilePolicySource.class.getName())).toList();
    }

    @Test
    void withoutAFileTheImplicitRuleOfSdxApproversApplies() {
        FilePolicySource source = source(Map.of("chatops.sdx.approvers", "U0APPROVER,S0LEADS", "chatops.policy.admins",
                "S0ADMINS, U0BOSS"));
        source.onStart(null);

        Policy policy = source.current();
        assertThat(policy.source()).isEqualTo("SDX_APPROVERS");
        assertThat(policy.admins()).isEqualTo(new Audience(Set.of("U0BOSS"), Set.of("S0ADMINS")));
        assertThat(policy.rules()).extracting(PolicyRule::name).containsExactly("default");
        assertThat(policy.rules().get(0).approvers()).isEqualTo(new Audience(Set.of("U0APPROVER"), Set.of("S0LEADS")));
        assertThat(policy.rules().get(0).approvalTtl()).isNull();
        assertThat(lines("INFO")).extracting(LogCapture.Line::message).containsExactly(
                "policy: no SDX_POLICY_FILE, one rule for every channel and site: approvers from SDX_APPROVERS (2), 1 approval,"
                        + " no expiry");
    }

    @Test
    void sdxAdminsOfTheWrongShapeStopStartUp() {
        FilePolicySource source = source(Map.of("chatops.policy.admins", "S0ADMINS,@boss"));

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> source.onStart(null));

        assertThat(e).hasMessage("sdx-chatops cannot start: SDX_ADMINS: '@boss' is not a Slack user id (U..., W...) or user"
                + " group id (S...)\nSee README.md, section Policy.");
        assertThat(lines("ERROR")).extracting(LogCapture.Line::message).containsExactly(e.getMessage());
    }

    @Test
    void validFileAtStartUpIsThePolicy() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), TWO_RULES);

        FilePolicySource source = started(file);

        assertThat(source.current().source()).isEqualTo(file.toString());
        assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("core routers", "branches");
        assertThat(lines("INFO")).extracting(LogCapture.Line::message).singleElement().asString()
                .startsWith("policy: 2 rules from " + file + " (sha256 ");
    }

    @Test
    void invalidFileAtStartUpStopsTheBotNamingFileRuleAndKey() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), BROKEN);
        FilePolicySource source = source(Map.of("chatops.policy.file", file.toString()));

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> source.onStart(null));

        assertThat(e).hasMessage("sdx-chatops cannot start: the policy file " + file + " (SDX_POLICY_FILE) has 1 problem:\n  "
                + file + ":4: rule \"core routers\" (rules[0]), key sites[0]: glob 'core-[' has a [ without its ]\n"
                + "See README.md, section Policy.");
        assertThat(lines("ERROR")).extracting(LogCapture.Line::message).containsExactly(e.getMessage());
    }

    @Test
    void missingFileAtStartUpStopsTheBot() {
        Path file = dir.resolve("nowhere.yaml");
        FilePolicySource source = source(Map.of("chatops.policy.file", file.toString()));

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, source::current);

        assertThat(e).hasMessageContaining(file + ": does not exist");
    }

    @Test
    void changedValidFileReplacesThePolicy() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), ONE_RULE);
        FilePolicySource source = started(file);
        int before = log.mark();

        Files.writeString(file, TWO_RULES);
        source.reload();

        assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("core routers", "branches");
        assertThat(source.current().admins().groups()).containsExactly("S0NETADMIN");
        assertThat(linesSince(before)).singleElement().satisfies(line -> {
            assertThat(line.level().getName()).isEqualTo("INFO");
            assertThat(line.message()).startsWith("policy file " + file + " reloaded: 2 rules (sha256 ");
        });
    }

    @Test
    void invalidChangeKeepsTheLastGoodPolicyAndLogsTheProblemsOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), TWO_RULES);
        FilePolicySource source = started(file);
        Policy good = source.current();
        int before = log.mark();

        Files.writeString(file, BROKEN);
        source.reload();
        source.reload();

        assertThat(source.current()).isSameAs(good);
        assertThat(linesSince(before)).singleElement().satisfies(line -> {
            assertThat(line.level().getName()).isEqualTo("ERROR");
            assertThat(line.message()).startsWith("policy file " + file + " changed (sha256 ")
                    .contains("but cannot be used, the last good policy stays in force (2 rules, sha256 ",
                            "loaded 2025-01-01T10:00:00Z); 1 problem:\n  ")
                    .contains(file + ":4: rule \"core routers\" (rules[0]), key sites[0]: glob 'core-[' has a [ without its ]");
        });

        int fixed = log.mark();
        Files.writeString(file, ONE_RULE);
        source.reload();
        assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("branches");
        assertThat(linesSince(fixed)).extracting(line -> line.level().getName()).containsExactly("INFO");
    }

    @Test
    void deletedFileKeepsTheLastGoodPolicyAndLogsOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), TWO_RULES);
        FilePolicySource source = started(file);
        Policy good = source.current();
        int before = log.mark();

        Files.delete(file);
        source.reload();
        source.reload();

        assertThat(source.current()).isSameAs(good);
        assertThat(linesSince(before)).singleElement().satisfies(line -> {
            assertThat(line.level().getName()).isEqualTo("ERROR");
            assertThat(line.message()).isEqualTo("policy file " + file + " can no longer be read (" + file
                    + ": does not exist), the last good policy stays in force (2 rules, sha256 "
                    + FilePolicySource.sha256(TWO_RULES.getBytes()).substring(0, 12) + ", loaded 2025-01-01T10:00:00Z)");
        });

        int back = log.mark();
        Files.writeString(file, ONE_RULE);
        source.reload();
        assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("branches");
        assertThat(linesSince(back)).extracting(LogCapture.Line::message).singleElement().asString()
                .startsWith("policy file " + file + " reloaded: 1 rule ");
    }

    @Test
    void rewritingTheSameContentDoesNotReload() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), TWO_RULES);
        FilePolicySource source = started(file);
        Policy loaded = source.current();
        int before = log.mark();

        Files.writeString(file, TWO_RULES);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        source.reload();

        assertThat(source.current()).isSameAs(loaded);
        assertThat(linesSince(before)).isEmpty();
    }

    @Test
    void configMapUpdateThatSwapsASymlinkIsSeen() throws Exception {
        // How Kubernetes mounts a ConfigMap: policy.yaml -> ..data/policy.yaml, ..data -> a timestamped folder,
        // and an update makes a new folder and swaps ..data in one rename.
        Path first = Files.createDirectory(dir.resolve("..2025_01_01_10_00_00.1"));
        Files.writeString(first.resolve("policy.yaml"), ONE_RULE);
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("policy.yaml"), Path.of("..data", "policy.yaml"));
        FilePolicySource source = started(file);
        assertThat(source.current().rules()).hasSize(1);

        Path second = Files.createDirectory(dir.resolve("..2025_01_01_10_05_00.2"));
        Path written = Files.writeString(second.resolve("policy.yaml"), TWO_RULES);
        Files.setLastModifiedTime(written, Files.getLastModifiedTime(first.resolve("policy.yaml")));
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        source.reload();

        assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("core routers", "branches");
    }

    @Test
    void withoutAFileReloadingChangesNothing() {
        FilePolicySource source = source(Map.of("chatops.sdx.approvers", "U0APPROVER"));
        source.onStart(null);
        Policy policy = source.current();
        int before = log.mark();

        source.reloadSafely();

        assertThat(source.current()).isSameAs(policy);
        assertThat(linesSince(before)).isEmpty();
    }

    @Test
    void policyFileMakesSdxApproversIgnoredAndSaysSo() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), ONE_RULE);
        FilePolicySource source = source(Map.of("chatops.policy.file", file.toString(), "chatops.sdx.approvers", "U0OLD"));
        source.onStart(null);

        assertThat(source.current().rules().get(0).approvers().groups()).containsExactly("S0NETOPS");
        assertThat(lines("WARN")).extracting(LogCapture.Line::message).containsExactly(
                "SDX_APPROVERS is ignored: the policy file " + file + " names the approvers of each rule");
    }
}
