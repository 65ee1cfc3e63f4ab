package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackTextTest {

    @Test
    void slackEscapesAreUndone() {
        assertThat(SlackText.unescape("a &amp;&amp; b &lt; c &gt; d")).isEqualTo("a && b < c > d");
    }

    @Test
    void ampersandEscapesAreUndoneOnceLeftToRight() {
        // The user typed "&lt;" literally; Slack sent "&amp;lt;". A second pass would wrongly give "<".
        assertThat(SlackText.unescape("&amp;lt;")).isEqualTo("&lt;");
        assertThat(SlackText.unescape("&amp;amp;")).isEqualTo("&amp;");
        assertThat(SlackText.unescape("&amp;gt;")).isEqualTo("&gt;");
    }

    @Test
    void linkMarkupWithLabelBecomesTheLabel() {
        assertThat(SlackText.unescape("/tool fetch url=<http://example.com/a.rsc|example.com/a.rsc>"))
                .isEqualTo("/tool fetch url=example.com/a.rsc");
    }

    @Test
    void linkMarkupWithoutLabelBecomesTheTarget() {
        assertThat(SlackText.unescape("/tool fetch url=<http://example.com/a.rsc>"))
                .isEqualTo("/tool fetch url=http://example.com/a.rsc");
    }

    @Test
    void escapesInsideALinkLabelAreUndone() {
        assertThat(SlackText.unescape("<http://x/?a=1&amp;b=2|x/?a=1&amp;b=2>")).isEqualTo("x/?a=1&b=2");
    }

    @Test
    void loneAmpersandAndUnknownEntitiesAreKept() {
        assertThat(SlackText.unescape("a & b")).isEqualTo("a & b");
        assertThat(SlackText.unescape("&foo; &quot; &amp")).isEqualTo("&foo; &quot; &amp");
        assertThat(SlackText.unescape("&")).isEqualTo("&");
    }

    @Test
    void unclosedAngleBracketIsKept() {
        assertThat(SlackText.unescape("a <b")).isEqualTo("a <b");
    }

    @Test
    void nullBecomesEmpty() {
        assertThat(SlackText.unescape(null)).isEqualTo("");
    }

    @Test
    void unicodeIsKept() {
        assertThat(SlackText.unescape(":put \"café ☕ 🚀 ключ\"")).isEqualTo(":put \"café ☕ 🚀 ключ\"");
    }

    @Test
    void escapeReplacesOnlyTheThreeControlCharacters() {
        assertThat(SlackText.escape("a && b < c > \"d\" 'e'")).isEqualTo("a &amp;&amp; b &lt; c &gt; \"d\" 'e'");
    }

    @Test
    void escapeThenUnescapeGivesTheRouterOsScriptBack() {
        String script = ":if ([/ip route get [find dst-address=\"0.0.0.0/0\"] distance] < 2 && $x > 1)"
                + " do={ :log info \"a<b>&c\"; /system script run 'fix' }";
        assertThat(SlackText.escape(script)).doesNotContain("<", ">").contains("&amp;&amp;");
        assertThat(SlackText.unescape(SlackText.escape(script))).isEqualTo(script);
    }

    @Test
    void escapeOfAlreadyEscapedTextRoundTripsToTheEscapedText() {
        assertThat(SlackText.unescape(SlackText.escape("&lt;&amp;"))).isEqualTo("&lt;&amp;");
    }

    @Test
    void channelAndUserLinksKeepTheSigilTheUserTyped() {
        assertThat(SlackText.unescape("<#C123|general> <@U123|ana> <@U456>")).isEqualTo("#general @ana @U456");
    }

    @Test
    void openingBracketsAfterTheLastCloseAreKeptAsTyped() {
        // Nothing after the last '>' can be markup; scanning from each '<' there was quadratic (a 1 MB body took seconds).
        assertThat(SlackText.unescape("<@U1|ana> a < b <<c")).isEqualTo("@ana a < b <<c");
        String many = "<".repeat(400_000);
        assertThat(SlackText.unescape(many)).isEqualTo(many);
    }
}
