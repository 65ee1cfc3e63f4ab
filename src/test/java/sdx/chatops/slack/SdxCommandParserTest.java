package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdxCommandParserTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\t" })
    void emptyTextOpensTheRequestForm(String text) {
        assertThat(SdxCommandParser.parse(text)).isEqualTo(new SdxCommand.OpenModal(null));
    }

    @Test
    void nullTextOpensTheRequestForm() {
        assertThat(SdxCommandParser.parse(null)).isEqualTo(new SdxCommand.OpenModal(null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "help", "HELP", "  Help  ", "help me please" })
    void helpVerbAsksForHelpWithoutProblem(String text) {
        assertThat(SdxCommandParser.parse(text)).isEqualTo(new SdxCommand.Help(null));
    }

    @Test
    void unknownSubCommandAsksForHelpNamingIt() {
        assertThat(SdxCommandParser.parse("Deploy core-rtr-01 /system reboot"))
                .isEqualTo(new SdxCommand.Help("I don't know the sub-command `deploy`."));
    }

    @Test
    void queueWithoutSiteOpensTheRequestForm() {
        assertThat(SdxCommandParser.parse("queue")).isEqualTo(new SdxCommand.OpenModal(null));
        assertThat(SdxCommandParser.parse("queue   ")).isEqualTo(new SdxCommand.OpenModal(null));
    }

    @Test
    void queueWithoutScriptOpensTheRequestFormForThatSite() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01")).isEqualTo(new SdxCommand.OpenModal("core-rtr-01"));
    }

    @Test
    void queueWithWhitespaceOnlyScriptOpensTheRequestFormForThatSite() {
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1\" \t  "))
                .isEqualTo(new SdxCommand.OpenModal("Branch Office 1"));
    }

    @Test
    void queueWithOptionsButNoScriptExplainsInsteadOfDroppingTheOptions() {
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("queue --emergency outage core-rtr-01")).problem())
                .contains("with options needs a site and a script");
    }

    @Test
    void queueWithEmptyQuotedSiteNeedsSite() {
        assertThat(SdxCommandParser.parse("queue \"  \" /system reboot"))
                .isEqualTo(new SdxCommand.Help("`queue` needs a site: its SDX name or UUID."));
    }

    @Test
    void unquotedSiteEndsAtFirstBlank() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 /system identity print"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", "/system identity print"));
    }

    @Test
    void quotedSiteNameMayContainSpaces() {
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1\" /system identity print"))
                .isEqualTo(new SdxCommand.Queue("Branch Office 1", "/system identity print"));
    }

    @Test
    void curlyQuotedSiteNameMayContainSpaces() {
        // Slack clients on macOS and iOS turn typed quotes into “ ”.
        assertThat(SdxCommandParser.parse("queue \u201CBranch Office 1\u201D /system identity print"))
                .isEqualTo(new SdxCommand.Queue("Branch Office 1", "/system identity print"));
    }

    @Test
    void quotedSiteNameIsTrimmedInsideTheQuotes() {
        assertThat(SdxCommandParser.parse("queue \" Branch Office 1 \" :put 1"))
                .isEqualTo(new SdxCommand.Queue("Branch Office 1", ":put 1"));
    }

    @Test
    void scriptMayFollowTheClosingQuoteDirectly() {
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1\":put 1"))
                .isEqualTo(new SdxCommand.Queue("Branch Office 1", ":put 1"));
    }

    @Test
    void missingClosingQuoteIsReported() {
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1 /system reboot"))
                .isEqualTo(new SdxCommand.Help("The quoted site name is missing its closing quote."));
        assertThat(SdxCommandParser.parse("queue \u201CBranch Office 1 /system reboot"))
                .isEqualTo(new SdxCommand.Help("The quoted site name is missing its closing quote."));
    }

    @Test
    void scriptIsKeptByteForByte() {
        String script = ":local  x \"a  b\";\t:put $x; :foreach i in={1;2} do={ :put ($i . \"'\") }";
        assertThat(SdxCommandParser.parse("queue core-rtr-01 " + script))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", script));
    }

    @Test
    void onlyTheSeparatorBlanksAfterTheSiteAreRemoved() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 \t   :put   1"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":put   1"));
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1\"  \t :put\t\t1"))
                .isEqualTo(new SdxCommand.Queue("Branch Office 1", ":put\t\t1"));
    }

    @Test
    void quotesInsideTheScriptAreNotTakenForTheSite() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 :put \"Branch Office 1\""))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":put \"Branch Office 1\""));
    }

    @Test
    void escapedTextArrivesUnescaped() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 :if ($a &lt; 2 &amp;&amp; $b &gt; 1) do={ :put \"&amp;lt;\" }"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":if ($a < 2 && $b > 1) do={ :put \"&lt;\" }"));
    }

    @Test
    void linkMarkupInTheScriptArrivesAsTyped() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 /tool fetch url=<https://example.com/a.rsc>"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", "/tool fetch url=https://example.com/a.rsc"));
    }

    @Test
    void verbIsCaseInsensitive() {
        assertThat(SdxCommandParser.parse("QUEUE core-rtr-01 :put 1"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":put 1"));
        assertThat(SdxCommandParser.parse("Queue core-rtr-01 :put 1"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":put 1"));
    }

    @Test
    void siteKeepsItsCase() {
        assertThat(SdxCommandParser.parse("queue Core-RTR-01 :put 1"))
                .isEqualTo(new SdxCommand.Queue("Core-RTR-01", ":put 1"));
    }

    @Test
    void siteMayBeAUuid() {
        assertThat(SdxCommandParser.parse("queue 9C69345C-8D39-4786-9F17-8153C988C89A :put 1"))
                .isEqualTo(new SdxCommand.Queue("9C69345C-8D39-4786-9F17-8153C988C89A", ":put 1"));
    }

    @Test
    void trailingBlanksOfTheScriptAreKept() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 :put \"x\";  "))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", ":put \"x\";  "));
    }

    @Test
    void queueOptionsBeforeTheSiteAreRead() {
        SdxCommand.Queue q = (SdxCommand.Queue) SdxCommandParser
                .parse("queue --reason \"CHG-42: new peer\" --no-backup --express --no-ack core-rtr-01 /ip address print");
        assertThat(q).isEqualTo(new SdxCommand.Queue("core-rtr-01", "/ip address print", null, "CHG-42: new peer", true, true,
                true));
    }

    @Test
    void emergencyNeedsAReasonAndMayBeOneWord() {
        assertThat(SdxCommandParser.parse("queue --emergency \u201Ccore link down\u201D core-rtr-01 /x"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", "/x", "core link down", null, false, false, false));
        assertThat(SdxCommandParser.parse("queue --emergency outage core-rtr-01 /x"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", "/x", "outage", null, false, false, false));
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("queue --emergency")).problem())
                .contains("`--emergency` needs a reason");
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("queue --emergency \"unclosed core /x")).problem())
                .contains("needs a reason");
    }

    @Test
    void unknownOptionIsNamedAndNothingIsQueued() {
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("queue --force core-rtr-01 /x")).problem())
                .contains("I don't know the option `--force`");
    }

    @Test
    void doubleDashEndsTheOptionsSoASiteMayStartWithDashes() {
        assertThat(SdxCommandParser.parse("queue -- --odd-site /x")).isEqualTo(new SdxCommand.Queue("--odd-site", "/x"));
    }

    @Test
    void optionsInTheScriptAreNotOptions() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01 /tool fetch --no-backup"))
                .isEqualTo(new SdxCommand.Queue("core-rtr-01", "/tool fetch --no-backup"));
    }

    @Test
    void freezeTakesSitesADurationAndAReason() {
        assertThat(SdxCommandParser.parse("freeze core-* 4h quarterly maintenance window"))
                .isEqualTo(new SdxCommand.Freeze("core-*", java.time.Duration.ofHours(4), "quarterly maintenance window"));
        assertThat(SdxCommandParser.parse("freeze ALL 1h30m incident 4711"))
                .isEqualTo(new SdxCommand.Freeze("*", java.time.Duration.ofMinutes(90), "incident 4711"));
    }

    @Test
    void freezeWithoutReasonOrWithABadDurationOrGlobIsExplained() {
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("freeze core-* 4h")).problem())
                .contains("needs sites, a duration and a reason");
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("freeze core-* soon maintenance")).problem())
                .contains("'soon' is not a duration");
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("freeze core-[ 4h maintenance")).problem())
                .contains("has a [ without its ]");
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("freeze core-* 0m maintenance")).problem())
                .contains("longer than zero");
    }

    @Test
    void unfreezeTakesANumberOrAll() {
        assertThat(SdxCommandParser.parse("unfreeze 12")).isEqualTo(new SdxCommand.Unfreeze(12L));
        assertThat(SdxCommandParser.parse("unfreeze all")).isEqualTo(new SdxCommand.Unfreeze(null));
        assertThat(SdxCommandParser.parse("unfreeze core")).isInstanceOf(SdxCommand.Help.class);
        assertThat(SdxCommandParser.parse("freezes")).isEqualTo(new SdxCommand.Freezes());
    }

    @Test
    void auditTakesARequestCode() {
        assertThat(SdxCommandParser.parse("audit SDX-7F3K2Q")).isEqualTo(new SdxCommand.Audit("SDX-7F3K2Q"));
        assertThat(SdxCommandParser.parse("audit sdx-7f3k2q")).isEqualTo(new SdxCommand.Audit("sdx-7f3k2q"));
        assertThat(((SdxCommand.Help) SdxCommandParser.parse("audit <!channel>")).problem()).contains("needs a request code");
    }
}
