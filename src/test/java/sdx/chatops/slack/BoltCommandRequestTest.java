package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.slack.api.Slack;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;

/**
 * The slash command request built from the checked form is the one Bolt's own parser makes of the
 * same body: over seeded random forms of known and unknown fields, empty values, escapes, bare names
 * and forwarded addresses, with Bolt as the oracle.
 */
class BoltCommandRequestTest {

    private static final String[] KNOWN = { "token", "team_domain", "enterprise_id", "enterprise_name", "api_app_id",
            "channel_name", "user_name", "text", "response_url", "trigger_id", "is_enterprise_install" };
    private static final String[] VALUES = { "", "plain", "two words", "a+b", "50%", "ünïcödé ✓", "line\nbreak",
            "tab\there", "true", " TRUE ", "false", "<&>", "\"quoted\"", "queue core-rtr-01 /ip address print",
            "https://hooks.slack.com/commands/T0NET/1/abc", "E0ORG", "x=y" };

    private final AppConfig config = AppConfig.builder().singleTeamBotToken("xoxb-test").signingSecret("s")
            .slack(Slack.getInstance()).build();

    @Test
    void aCheckedCommandBecomesTheRequestBoltsParserMakesOfTheSameBody() {
        Random random = new Random(20261201L);
        int compared = 0;
        for (int i = 0; i < 3_000; i++) {
            String body = randomCommand(random);
            Map<String, List<String>> headerMap = BoltOracle.randomHeaders(random);
            SlackInbound.Verdict verdict = SlackInbound.check("application/x-www-form-urlencoded",
                    body.getBytes(StandardCharsets.UTF_8));
            if (!(verdict instanceof SlackInbound.Verdict.Accepted accepted)) {
                continue;
            }
            compared++;
            RequestHeaders headers = new RequestHeaders(headerMap);
            SlashCommandRequest ours = BoltCommandRequest.of(body, accepted.form(), headers, config);
            Request<?> bolts = BoltOracle.boltsReading(config, body, headerMap);

            assertThat(bolts).as(body).isInstanceOf(SlashCommandRequest.class);
            SlashCommandRequest expected = (SlashCommandRequest) bolts;
            assertThat(ours.getPayload()).as(body).isEqualTo(expected.getPayload());
            BoltOracle.assertSameRequest(ours, expected, body);
            assertThat(ours.isSocketMode()).isFalse();
        }
        assertThat(compared).as("bodies the check accepts, each compared with Bolt's reading").isGreaterThan(1_000);
    }

    @Test
    void aFieldLeftEmptyIsUnsetAsBoltLeavesIt() {
        String body = "command=%2Fsdx&user_id=UREQ1&channel_id=C0NETOPS&team_id=T0NET&enterprise_id=&text=";
        var accepted = (SlackInbound.Verdict.Accepted) SlackInbound.check("application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.UTF_8));

        SlashCommandRequest request = BoltCommandRequest.of(body, accepted.form(), new RequestHeaders(Map.of()), config);

        assertThat(request.getPayload().getEnterpriseId()).isNull();
        assertThat(request.getPayload().getText()).isNull();
        assertThat(request.getPayload().getUserId()).isEqualTo("UREQ1");
        assertThat(request.getContext().getRequestUserId()).isEqualTo("UREQ1");
    }

    private static String randomCommand(Random random) {
        List<String> pairs = new ArrayList<>();
        pairs.add("command=" + (random.nextInt(20) == 0 ? "/sdx" : enc("/sdx")));
        pairs.add("user_id=U" + (100 + random.nextInt(900)) + "ABC");
        pairs.add("channel_id=" + (random.nextBoolean() ? "C" : "G") + "0NETOPS");
        pairs.add("team_id=T0NET");
        for (String name : KNOWN) {
            if (random.nextInt(3) > 0) {
                pairs.add(name + "=" + enc(VALUES[random.nextInt(VALUES.length)]));
            }
        }
        if (random.nextInt(4) == 0) {
            pairs.add("unknown_" + random.nextInt(5) + "=" + enc(VALUES[random.nextInt(VALUES.length)]));
        }
        if (random.nextInt(6) == 0) {
            pairs.add("bare_name_" + random.nextInt(5));
        }
        Collections.shuffle(pairs, random);
        return String.join("&", pairs);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
