package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdxCommandParserTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "\t" })
    void emptyTextAsksForHelpWithoutProblem(String text) {
        assertThat(SdxCommandParser.parse(text)).isEqualTo(new SdxCommand.Help(null));
    }

    @Test
    void nullTextAsksForHelpWithoutProblem() {
        assertThat(SdxCommandParser.parse(null)).isEqualTo(new SdxCommand.Help(null));
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
    void queueWithoutSiteNeedsSiteAndScript() {
        assertThat(SdxCommandParser.parse("queue")).isEqualTo(new SdxCommand.Help("`queue` needs a site and a script."));
        assertThat(SdxCommandParser.parse("queue   ")).isEqualTo(new SdxCommand.Help("`queue` needs a site and a script."));
    }

    @Test
    void queueWithoutScriptNeedsScript() {
        assertThat(SdxCommandParser.parse("queue core-rtr-01"))
                .isEqualTo(new SdxCommand.Help("`queue` needs a script after the site."));
    }

    @Test
    void queueWithWhitespaceOnlyScriptNeedsScript() {
        assertThat(SdxCommandParser.parse("queue \"Branch Office 1\" \t  "))
                .isEqualTo(new SdxCommand.Help("`queue` needs a script after the site."));
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
}
