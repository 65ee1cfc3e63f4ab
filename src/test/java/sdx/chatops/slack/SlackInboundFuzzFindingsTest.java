package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * What the checks in front of Bolt let through must be exactly what Bolt then reads. Each case here
 * was found by {@code InputFuzzFlowTest}: before the fix, every one of them reached a handler with
 * fields nothing had checked, or answered 500.
 */
class SlackInboundFuzzFindingsTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String COMMAND = "command=%2Fsdx&user_id=UREQUESTER&channel_id=C0NETOPS&team_id=T0NET&text=help";
    private static final String CLICK = "{\"type\":\"block_actions\",\"user\":{\"id\":\"UAPPROVER1\",\"team_id\":\"T0NET\"},"
            + "\"team\":{\"id\":\"T0NET\"},\"channel\":{\"id\":\"C0NETOPS\"},"
            + "\"actions\":[{\"action_id\":\"sdx_approve\",\"value\":\"7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\"}]}";

    @Test
    void wellFormedCommandClickAndSslCheckAreAccepted() {
        assertAccepted(COMMAND);
        assertAccepted("payload=" + encode(CLICK));
        assertAccepted("ssl_check=1&token=x");
        assertAccepted("ssl_check=1&" + COMMAND);
    }

    @Test
    void clickWithoutActionIdIsRefusedNotAnError() {
        // Set.of(...).contains(null) threw a NullPointerException: HTTP 500 with a stack trace.
        assertRefused("payload=" + encode(CLICK.replace("\"action_id\":\"sdx_approve\",", "")));
        assertRefused("payload=" + encode(CLICK.replace("\"action_id\":\"sdx_approve\"", "\"action_id\":null")));
    }

    @Test
    void sslCheckDoesNotCarryAnUncheckedCommandOrClick() {
        // Bolt handles the command or the payload and ignores ssl_check; the checks must do the same.
        assertRefused("ssl_check=1&" + COMMAND.replace("user_id=UREQUESTER", "user_id=%3C%21channel%3E"));
        assertRefused(COMMAND.replace("channel_id=C0NETOPS", "channel_id=%3C%23C1%7Cx%3E") + "&ssl_check=1");
        assertRefused(
                "ssl_check=1&payload=" + encode("{\"type\":\"block_actions\",\"user\":{\"id\":\"UFUZZ\"},\"team\":null}"));
    }

    @Test
    void fieldNameWithRawBlankOrControlCharacterIsRefused() {
        // Bolt trims names and drops raw line breaks in them: "\tuser_id" would override user_id there.
        for (String raw : new String[] { "\t", " ", "\n", "\r", "\u000B", "\u0000" }) {
            assertRefused(COMMAND + "&" + raw + "user_id=%3C%21channel%3E");
            assertRefused(raw + "user_id=%3C%21channel%3E&" + COMMAND);
            assertRefused(COMMAND + "&user_id" + raw + "=%3C%21channel%3E");
            assertRefused(COMMAND + "&user" + raw + "_id=%3C%21channel%3E");
            assertRefused(raw + "payload=" + encode("[1]") + "&payload=" + encode(CLICK));
        }
    }

    @Test
    void valueWithRawEqualsSignIsRefused() {
        // Bolt skips such a pair: the checked click would vanish and Bolt read the unchecked command beside it.
        String payload = "payload=" + encode(CLICK.replace("}]}", ",\"note\":\"a=b\"}]}")).replace("%3D", "=");
        assertRefused(payload + "&" + COMMAND.replace("user_id=UREQUESTER", "user_id=%3C%21channel%3E"));
        assertRefused(COMMAND.replace("text=help", "text=a=b"));
        assertAccepted(COMMAND.replace("text=help", "text=a%3Db"));
    }

    @Test
    void formThatIsAlsoJsonIsRefused() {
        // Bolt reads a body starting with '{' as Events API JSON (url_verification echoes its challenge).
        assertRefused("{\"type\":\"url_verification\",\"challenge\":\"x\",\"pad\":\"&" + COMMAND + "&end=\"}");
        assertRefused("[\"&" + COMMAND + "&end=\"]");
        assertRefused(" {\"type\":\"event_callback\",\"pad\":\"&" + COMMAND + "&end=\"}");
    }

    @Test
    void emptyValuesAndAFieldWithoutValueStillDecode() {
        assertAccepted(COMMAND + "&enterprise_id=");
        assertAccepted(COMMAND + "&is_enterprise_install");
    }

    private static void assertAccepted(String body) {
        assertThat(SlackInbound.check(FORM, body.getBytes(StandardCharsets.UTF_8))).as(body)
                .isInstanceOf(SlackInbound.Verdict.Accepted.class);
    }

    private static void assertRefused(String body) {
        assertThat(SlackInbound.check(FORM, body.getBytes(StandardCharsets.UTF_8))).as(body)
                .isInstanceOf(SlackInbound.Verdict.Refused.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
