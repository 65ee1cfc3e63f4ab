package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import sdx.chatops.approval.Audience;
import sdx.chatops.approval.PolicyRule;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.ScriptPreflight;
import sdx.chatops.approval.Site;
import sdx.chatops.approval.SitePattern;
import sdx.chatops.testing.ChangeRequests;

class EphemeralRepliesTest {

    @Test
    void usageListsEveryCommandAndQueueOption() {
        String usage = EphemeralReplies.usage(null);
        assertThat(usage).startsWith("*Usage*\n")
                .contains("• `/sdx queue [options] &lt;site&gt; &lt;script&gt;`:", "• `/sdx help`: this message.",
                        "`\"Branch Office 1\"`", "`--reason \"CHG-1234: why\"`", "`--no-backup`", "`--express`", "`--no-ack`",
                        "`--emergency \"why it cannot wait\"`", "• `/sdx freezes`", "`/sdx freeze &lt;site-glob|all&gt;",
                        "`/sdx unfreeze &lt;number|all&gt;`")
                .doesNotContain(":warning:");
    }

    @Test
    void usageWithProblemStatesItFirst() {
        assertThat(EphemeralReplies.usage("`queue` needs a site and a script."))
                .isEqualTo(":warning: `queue` needs a site and a script.\n" + EphemeralReplies.usage(null));
    }

    @Test
    void unknownSubCommandIsEchoedEscaped() {
        // What Slack sends when someone types "/sdx <!here> x".
        SdxCommand.Help help = (SdxCommand.Help) SdxCommandParser.parse("&lt;!here&gt; x");
        assertThat(EphemeralReplies.usage(help.problem())).doesNotContain("<!here>").contains("&lt;!here&gt;");
    }

    @Test
    void ambiguousSiteListsEveryCandidateUuid() {
        List<Site> candidates = List.of(new Site("11111111-2222-3333-4444-555555555555", "edge", true),
                new Site("66666666-7777-8888-9999-aaaaaaaaaaaa", "Edge", false));
        assertThat(EphemeralReplies.ambiguousSite("EDGE", candidates)).isEqualTo(
                ":warning: Several SDX sites are called `EDGE`; use the UUID of the one you mean:\n"
                        + "• edge: `11111111-2222-3333-4444-555555555555`\n"
                        + "• Edge: `66666666-7777-8888-9999-aaaaaaaaaaaa`");
    }

    @Test
    void typedSiteIsEscaped() {
        assertThat(EphemeralReplies.unknownSite("<!channel>&")).isEqualTo(
                ":warning: SDX has no site `&lt;!channel&gt;&amp;`. Use the site's SDX name or UUID (names with spaces in quotes).");
        assertThat(EphemeralReplies.stillChecking("a<b"))
                .isEqualTo(":hourglass_flowing_sand: Checking site `a&lt;b` with SDX; I'll answer here shortly.");
        assertThat(EphemeralReplies.ambiguousSite("a&b", List.of(new Site("1", "a&b", true), new Site("2", "A&B", true))))
                .contains("`a&amp;b`", "• a&amp;b: `1`", "• A&amp;B: `2`");
    }

    @Test
    void sdxUnavailableEscapesTheReason() {
        assertThat(EphemeralReplies.sdxUnavailable("SDX answered 503: <html>")).isEqualTo(
                ":warning: I could not check the site with SDX (SDX answered 503: &lt;html&gt;). Nothing was queued; try again in a minute.");
    }

    @Test
    void sentForApprovalNamesCodeAndSite() {
        assertThat(EphemeralReplies.sentForApproval(ChangeRequests.pending().build())).isEqualTo(
                ":outbox_tray: SDX-7F3K2Q sent for approval: script for core-rtr-01 (`9c69345c-8d39-4786-9f17-8153c988c89a`)."
                        + " An approver will see it in this channel.");
    }

    @Test
    void scriptTooLongStatesBothNumbers() {
        assertThat(EphemeralReplies.scriptTooLong(2345, 2000))
                .isEqualTo(
                        ":warning: The script is 2345 characters; SDX accepts at most 2000. Split it into several requests.");
    }

    @Test
    void preflightFailureListsEachErrorWithLineAndColumnEscaped() {
        List<ScriptPreflight.ScriptError> errors = new ScriptPreflight().check("/<!channel>&x print\n:put [").errors();

        assertThat(EphemeralReplies.preflightFailed(errors, errors.size())).isEqualTo(":warning: The script cannot run as"
                + " written (pre-flight check, 2 problems), so nobody was asked to approve it and nothing was queued:\n"
                + "• line 1, column 1: `/&lt;!channel&gt;&amp;x` is not a RouterOS menu\n"
                + "• line 2, column 6: `[` is never closed\n"
                + "Fix the script and send the request again.");
    }

    @Test
    void preflightFailureSaysHowManyErrorsAreNotShown() {
        ScriptPreflight.Report report = new ScriptPreflight().check("(".repeat(12));

        assertThat(EphemeralReplies.preflightFailed(report.errors(), report.totalErrors())).contains("12 problems")
                .contains("• line 1, column 10: `(` is never closed\n• … and 2 more\n")
                .doesNotContain("column 11");
    }

    @Test
    void alreadyDecidedSaysHowAndByWhom() {
        assertThat(EphemeralReplies.alreadyDecided(ChangeRequests.decided(RequestState.REJECTED, "UBOB").build()))
                .isEqualTo(":information_source: SDX-7F3K2Q was already rejected by <@UBOB>.");
        assertThat(EphemeralReplies.alreadyDecided(ChangeRequests.decided(RequestState.COMPLETED, "UBOB").build()))
                .isEqualTo(":information_source: SDX-7F3K2Q was already approved by <@UBOB>.");
    }

    @Test
    void refusalsNameTheirReason() {
        assertThat(EphemeralReplies.selfApproval()).contains("someone else must approve");
        assertThat(EphemeralReplies.noApproversConfigured()).contains("SDX_APPROVERS is empty");
        PolicyRule rule = new PolicyRule("core <routers>", Set.of("*"), List.of(SitePattern.of("*")), Audience.nobody(),
                Audience.of(List.of("U0LEAD", "S0LEADS", "<!here>")), 2, null, null, false, false, List.of(), List.of());
        assertThat(EphemeralReplies.notAnApprover(rule)).isEqualTo(":no_entry: Rule *core &lt;routers&gt;* lets only"
                + " `&lt;!here&gt;`, <@U0LEAD>, the user group `S0LEADS` approve or reject this change.");
        assertThat(EphemeralReplies.membershipUnknown()).contains("could not read the approver groups");
    }
}
