package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.SlackRequests;

/** What a signed body must look like before Bolt may parse it. */
class SlackInboundTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private static SlackInbound.Verdict check(String body) {
        return SlackInbound.check(FORM, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String body) {
        return ((SlackInbound.Verdict.Refused) check(body)).reason();
    }

    private static String clickJson() {
        return new SlackRequests.Click("C0NETOPS", "UAPPROVER1", "sdx_approve", "0b7e0f4e-2f7a-4a53-9d7e-3c1c2b6f0a11",
                "1712345678.000100", "https://hooks.slack.com/actions/T/1/x").json();
    }

    private static String command(String field, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("team_id", "T0NET");
        form.put("channel_id", "C0NETOPS");
        form.put("user_id", "UREQUESTER");
        form.put("command", "/sdx");
        form.put("text", "queue core-rtr-01 /system identity print");
        form.put(field, value);
        return SlackRequests.encode(form);
    }

    private static String payload(String json) {
        return SlackRequests.encode(Map.of("payload", json));
    }

    @Test
    void wellFormedCommandAndClickPass() {
        assertThat(check(command("text", "help"))).isInstanceOf(SlackInbound.Verdict.Accepted.class);
        assertThat(check(payload(clickJson()))).isInstanceOf(SlackInbound.Verdict.Accepted.class);
        assertThat(check("ssl_check=1&token=x")).isInstanceOf(SlackInbound.Verdict.Accepted.class);
    }

    @Test
    void contentTypeMustBeAForm() {
        assertThat(SlackInbound.check("application/json", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SlackInbound.Verdict.Refused.class);
        assertThat(SlackInbound.check(null, "a=b".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SlackInbound.Verdict.Refused.class);
        assertThat(SlackInbound.check("application/x-www-form-urlencoded; charset=utf-8",
                command("text", "help").getBytes(StandardCharsets.UTF_8))).isInstanceOf(SlackInbound.Verdict.Accepted.class);
    }

    @Test
    void brokenPercentEscapesAndRepeatedFieldsAreRefused() {
        assertThat(reason("payload=%7B%ZZ")).isEqualTo("malformed form encoding");
        assertThat(reason("text=%")).isEqualTo("malformed form encoding");
        assertThat(reason(command("text", "x") + "&text=y")).isEqualTo("malformed form encoding");
        assertThatThrownBy(() -> SlackInbound.decodeForm("a=1&a=2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formFieldsDecodeAsTheJdkDecodesThemWithOrWithoutEscapes() {
        java.util.Random random = new java.util.Random(20261201);
        String[] pieces = { "a", "b", "c", "X", "Z", "0", "9", "-", "_", ".", "*", "~", " ", "+", "%", "&", "=", "\u00e9",
                "\u4e2d", "\ud83d\ude80", "/", ";", ":", ",", "<", ">", "\"", "'", "\\" };
        for (int round = 0; round < 2_000; round++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                value.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = value.toString();
            // Encoded as Slack encodes; or, for values without these characters, sent as they are.
            String encoded = random.nextBoolean() || text.matches(".*[ +%&=\\P{ASCII}].*")
                    ? java.net.URLEncoder.encode(text, StandardCharsets.UTF_8)
                    : text;
            assertThat(SlackInbound.decodeForm("name_" + round + "=" + encoded + "&last=" + encoded))
                    .as("%s sent as %s", text, encoded).containsEntry("name_" + round, text).containsEntry("last", text);
        }
        assertThat(SlackInbound.decodeForm("text=a+b%2Bc")).containsEntry("text", "a b+c");
    }

    @Test
    void commandIdsMustHaveSlacksShape() {
        assertThat(reason(command("user_id", "<!channel>"))).contains("user_id");
        assertThat(reason(command("user_id", ""))).contains("user_id");
        assertThat(reason(command("channel_id", "#general"))).contains("channel_id");
        assertThat(reason(command("team_id", "T0NET\n"))).contains("team_id");
        assertThat(reason(command("enterprise_id", "E0<x>"))).contains("enterprise_id");
        assertThat(check(command("enterprise_id", ""))).isInstanceOf(SlackInbound.Verdict.Accepted.class);
        assertThat(check(command("enterprise_id", "E0ORG"))).isInstanceOf(SlackInbound.Verdict.Accepted.class);
        assertThat(reason(command("command", "/other"))).contains("slash command this bot does not have");
    }

    @Test
    void payloadMustBeOneJsonObjectOfAKnownType() {
        assertThat(reason(payload("{not json"))).isEqualTo("payload is not JSON");
        assertThat(reason(payload("[" + clickJson() + "]"))).isEqualTo("payload is not a JSON object");
        assertThat(reason(payload("7"))).isEqualTo("payload is not a JSON object");
        assertThat(reason(payload(clickJson() + "}"))).isEqualTo("payload is not JSON");
        assertThat(reason(payload(clickJson().replace("block_actions", "view_submission"))))
                .contains("form this bot does not have");
        assertThat(reason(payload("[".repeat(100) + "]".repeat(100)))).isEqualTo("payload is not JSON");
    }

    @Test
    void clickMustCarryAUserTeamAndOneOfOurActions() {
        String click = clickJson();
        assertThat(reason(payload(click.replaceFirst("\"user\":\\{[^}]*\\},", "")))).contains("user");
        assertThat(reason(payload(click.replace("\"id\":\"UAPPROVER1\"", "\"id\":\"<!here>\"")))).contains("user");
        assertThat(reason(payload(click.replaceFirst("\"team\":\\{[^}]*\\},", "")))).contains("team");
        assertThat(reason(payload(click.replaceFirst(",\"actions\":\\[.*\\]\\}$", "}")))).contains("actions");
        assertThat(reason(payload(click.replace("\"sdx_approve\"", "\"other_action\"")))).contains("button");
        assertThat(reason(payload(click.replace("\"value\":\"0b7e0f4e-2f7a-4a53-9d7e-3c1c2b6f0a11\"", "\"value\":5"))))
                .contains("value");
    }

    @Test
    void fieldsTheHandlersReadMustHaveTheirTypes() {
        String click = clickJson();
        assertThat(reason(payload(click.replace("\"channel\":{\"id\":\"C0NETOPS\",\"name\":\"netops\"}", "\"channel\":5"))))
                .contains("channel");
        assertThat(reason(payload(click.replace("\"channel\":{\"id\":\"C0NETOPS\"", "\"channel\":{\"id\":[1]"))))
                .contains("/channel/id");
        assertThat(reason(payload(click.replace("\"response_url\":\"https", "\"response_url\":{\"x\":\"https")
                .replace("/x\",\"actions\"", "/x\"},\"actions\"")))).contains("response_url");
    }

    @Test
    void neitherCommandNorInteractionIsRefused() {
        assertThat(reason("")).contains("neither");
        assertThat(reason("hello=world")).contains("neither");
    }
}
