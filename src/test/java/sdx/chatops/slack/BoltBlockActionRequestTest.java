package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;

/**
 * The click request built with the shared Gson is the one Bolt's own parser makes of the same body:
 * over seeded random clicks (team, enterprise and user's team present or not, trigger id or an
 * interactivity pointer, function data, message blocks, state, unknown fields, escapes), with Bolt
 * as the oracle.
 */
class BoltBlockActionRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXTS = { "", "plain", "two words", "a+b&c=d", "50%", "ünïcödé ✓", "line\nbreak",
            "<&>", "\"quoted\"", "/ip address print", "😀 emoji" };

    private final AppConfig config = AppConfig.builder().singleTeamBotToken("xoxb-test").signingSecret("s")
            .slack(Slack.getInstance()).build();

    @Test
    void aCheckedClickBecomesTheRequestBoltsParserMakesOfTheSameBody() {
        Random random = new Random(20261202L);
        int compared = 0;
        for (int i = 0; i < 2_000; i++) {
            String payload = randomClick(random).toString();
            String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
            Map<String, List<String>> headerMap = BoltOracle.randomHeaders(random);
            SlackInbound.Verdict verdict = SlackInbound.check("application/x-www-form-urlencoded",
                    body.getBytes(StandardCharsets.UTF_8));
            if (!(verdict instanceof SlackInbound.Verdict.Accepted accepted)) {
                continue;
            }
            assertThat(accepted.blockAction()).as(payload).isTrue();
            compared++;
            BlockActionRequest ours = BoltBlockActionRequest.of(body, accepted.form().get("payload"),
                    new RequestHeaders(headerMap), config);
            Request<?> bolts = BoltOracle.boltsReading(config, body, headerMap);

            assertThat(bolts).as(payload).isInstanceOf(BlockActionRequest.class);
            BlockActionRequest expected = (BlockActionRequest) bolts;
            assertThat(ours.getPayload()).as(payload).isNotNull().isEqualTo(expected.getPayload());
            assertThat(ours.getResponseUrl()).isEqualTo(expected.getResponseUrl());
            BoltOracle.assertSameRequest(ours, expected, payload);
            assertThat(ours.isSocketMode()).isFalse();
        }
        assertThat(compared).as("clicks the check accepts, each compared with Bolt's reading").isGreaterThan(1_500);
    }

    @Test
    void aClickOverSocketModeBecomesTheRequestBoltsSocketModeParserMakesOfTheSameEnvelope() {
        Random random = new Random(20261203L);
        SocketModeRequestParser bolt = new SocketModeRequestParser(config);
        int compared = 0;
        for (int i = 0; i < 1_000; i++) {
            ObjectNode message = JSON.createObjectNode().put("envelope_id", "3c1b4c32-0e5f-4cf9-8e2a-" + (100_000 + i))
                    .put("type", "interactive").put("accepts_response_payload", random.nextBoolean());
            message.set("payload", randomClick(random));
            if (random.nextBoolean()) {
                message.put("retry_attempt", random.nextInt(3)).put("retry_reason", random.nextBoolean() ? "timeout" : "");
            }
            if (!(SocketModeMessages.read(message.toString()) instanceof SocketModeMessages.Envelope envelope)) {
                continue;
            }
            assertThat(envelope.isBlockAction()).as(message.toString()).isTrue();
            compared++;
            BlockActionRequest ours = BoltBlockActionRequest.ofSocketMode(envelope, config);
            Request<?> bolts = bolt.parse(envelope.forBolt()).getBoltRequest();

            assertThat(bolts).isInstanceOf(BlockActionRequest.class);
            BlockActionRequest expected = (BlockActionRequest) bolts;
            assertThat(ours.getPayload()).as(message.toString()).isNotNull().isEqualTo(expected.getPayload());
            assertThat(ours.getResponseUrl()).isEqualTo(expected.getResponseUrl());
            BoltOracle.assertSameRequest(ours, expected, message.toString());
            assertThat(ours.isSocketMode()).isTrue();
            assertThat(ours.getHeaders().getNames()).isEqualTo(expected.getHeaders().getNames());
            for (String name : expected.getHeaders().getNames()) {
                assertThat(ours.getHeaders().getMultipleValues(name)).isEqualTo(expected.getHeaders().getMultipleValues(name));
            }
        }
        assertThat(compared).as("envelopes the checks accept, each compared with Bolt's reading").isGreaterThan(750);
    }

    /**
     * Hostile clicks: seeded valid clicks with a field's value swapped for another JSON type. Whatever
     * the check lets through is read exactly as Bolt reads it, or refused where Bolt refuses it (Gson
     * throws, and the resource answers 400): never read into something Bolt would not have made.
     */
    @Test
    void aMutatedClickIsReadAsBoltReadsItOrRefusedWhereBoltRefusesIt() {
        Random random = new Random(20261204L);
        String[] swaps = { "\"x\"", "7", "-1.5", "true", "null", "{}", "[]", "[1]", "{\"a\":1}", "\"\"" };
        int accepted = 0;
        int refusedByBoth = 0;
        for (int i = 0; i < 3_000; i++) {
            String payload = swapOneValue(randomClick(random).toString(), random, swaps);
            String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
            SlackInbound.Verdict verdict = SlackInbound.check("application/x-www-form-urlencoded",
                    body.getBytes(StandardCharsets.UTF_8));
            if (!(verdict instanceof SlackInbound.Verdict.Accepted checked) || !checked.blockAction()) {
                continue;
            }
            accepted++;
            Map<String, List<String>> headers = BoltOracle.randomHeaders(random);
            BlockActionRequest ours;
            try {
                ours = BoltBlockActionRequest.of(body, checked.form().get("payload"), new RequestHeaders(headers), config);
            } catch (RuntimeException e) {
                assertThatThrownBy(() -> BoltOracle.boltsReading(config, body, headers)).as(payload)
                        .isInstanceOf(RuntimeException.class);
                refusedByBoth++;
                continue;
            }
            Request<?> bolts = BoltOracle.boltsReading(config, body, headers);
            assertThat(ours.getPayload()).as(payload).isEqualTo(((BlockActionRequest) bolts).getPayload());
            BoltOracle.assertSameRequest(ours, bolts, payload);
        }
        assertThat(accepted).as("mutated clicks the check let through").isGreaterThan(1_000);
        assertThat(refusedByBoth).as("mutated clicks that neither reading accepts").isPositive();
    }

    /** The text of one value (a string, number, literal or the first character of an object or array) replaced. */
    private static String swapOneValue(String json, Random random, String[] swaps) {
        List<Integer> starts = new ArrayList<>();
        for (int at = json.indexOf("\":"); at >= 0; at = json.indexOf("\":", at + 1)) {
            starts.add(at + 2);
        }
        int start = starts.get(random.nextInt(starts.size()));
        int end = start;
        char first = json.charAt(start);
        if (first == '"') {
            end = json.indexOf('"', start + 1);
            while (json.charAt(end - 1) == '\\') {
                end = json.indexOf('"', end + 1);
            }
            end++;
        } else if (first == '{' || first == '[') {
            int depth = 0;
            boolean inString = false;
            for (end = start; end < json.length(); end++) {
                char c = json.charAt(end);
                if (inString) {
                    inString = !(c == '"' && json.charAt(end - 1) != '\\');
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    end++;
                    break;
                }
            }
        } else {
            while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
                end++;
            }
        }
        return json.substring(0, start) + swaps[random.nextInt(swaps.length)] + json.substring(end);
    }

    @Test
    void otherInteractionsAreNotTakenForClicks() {
        String submission = "payload=" + URLEncoder.encode("{\"type\":\"view_submission\",\"user\":{\"id\":\"UREQ1\"},"
                + "\"view\":{\"callback_id\":\"" + RequestModal.CALLBACK_ID + "\",\"private_metadata\":\"{}\","
                + "\"state\":{\"values\":{}}}}", StandardCharsets.UTF_8);
        SlackInbound.Verdict verdict = SlackInbound.check("application/x-www-form-urlencoded",
                submission.getBytes(StandardCharsets.UTF_8));
        assertThat(verdict).isInstanceOfSatisfying(SlackInbound.Verdict.Accepted.class,
                accepted -> assertThat(accepted.blockAction()).isFalse());
        SlackInbound.Verdict command = SlackInbound.check("application/x-www-form-urlencoded",
                "command=%2Fsdx&user_id=UREQ1&channel_id=C0NETOPS&team_id=T0NET&text=help".getBytes(StandardCharsets.UTF_8));
        assertThat(command).isInstanceOfSatisfying(SlackInbound.Verdict.Accepted.class,
                accepted -> assertThat(accepted.blockAction()).isFalse());
    }

    private static ObjectNode randomClick(Random random) {
        ObjectNode root = JSON.createObjectNode().put("type", "block_actions");
        ObjectNode user = root.putObject("user").put("id", "U" + (1000 + random.nextInt(9000)))
                .put("username", pick(random)).put("name", pick(random));
        if (random.nextBoolean()) {
            user.put("team_id", "T" + random.nextInt(5));
        }
        root.put("api_app_id", "A0SDX").put("token", "deprecated");
        if (random.nextInt(4) > 0) {
            ObjectNode team = root.putObject("team");
            if (random.nextInt(5) > 0) {
                team.put("id", "T" + random.nextInt(5));
            }
            team.put("domain", "netops");
            if (random.nextBoolean()) {
                team.put("enterprise_id", "E" + random.nextInt(3));
            }
        } else {
            root.putNull("team");
        }
        if (random.nextBoolean()) {
            root.putObject("enterprise").put("id", "E" + random.nextInt(3)).put("name", pick(random));
        } else if (random.nextBoolean()) {
            root.putNull("enterprise");
        }
        if (random.nextInt(3) > 0) {
            root.put("trigger_id", random.nextInt(1_000_000) + ".5678.abcd");
        }
        if (random.nextInt(4) == 0) {
            ObjectNode interactivity = root.putObject("interactivity").put("interactivity_pointer",
                    "ptr." + random.nextInt(99));
            interactivity.putObject("interactor").put("id", "U1").put("team_id", "T1");
        }
        if (random.nextInt(5) == 0) {
            root.putObject("function_data").put("execution_id", "Fx" + random.nextInt(99));
            root.put("bot_access_token", "xwfp-" + random.nextInt(99));
        }
        String channel = "C" + (100 + random.nextInt(900));
        String ts = "1700000000." + (100000 + random.nextInt(900000));
        root.putObject("container").put("type", "message").put("message_ts", ts).put("channel_id", channel)
                .put("is_ephemeral", false);
        root.putObject("channel").put("id", channel).put("name", pick(random));
        ObjectNode message = root.putObject("message").put("type", "message").put("ts", ts).put("text", pick(random));
        if (random.nextBoolean()) {
            ArrayNode blocks = message.putArray("blocks");
            blocks.addObject().put("type", "section").put("block_id", "b" + random.nextInt(9)).putObject("text")
                    .put("type", "mrkdwn").put("text", pick(random));
            ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", "sdx_decision");
            actions.putArray("elements").addObject().put("type", "button").put("action_id", "sdx_approve")
                    .put("value", "r" + random.nextInt(99)).put("style", "primary").putObject("text")
                    .put("type", "plain_text").put("text", "Approve").put("emoji", true);
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", pick(random));
        }
        if (random.nextInt(3) == 0) {
            root.putObject("state").putObject("values");
        }
        if (random.nextInt(3) == 0) {
            root.put("unknown_" + random.nextInt(9), pick(random));
        }
        root.put("response_url", "https://hooks.slack.com/actions/T0NET/" + random.nextInt(9999) + "/x");
        String actionId = new String[] { ApprovalButtons.APPROVE, ApprovalButtons.REJECT, ApprovalButtons.WITHDRAW }[random
                .nextInt(3)];
        ObjectNode action = root.putArray("actions").addObject().put("action_id", actionId).put("block_id", "sdx_decision")
                .put("value", "req-" + random.nextInt(99_999)).put("type", "button")
                .put("action_ts", "1700000001." + random.nextInt(999_999));
        action.putObject("text").put("type", "plain_text").put("text", pick(random)).put("emoji", random.nextBoolean());
        if (random.nextBoolean()) {
            action.put("style", random.nextBoolean() ? "primary" : "danger");
        }
        return root;
    }

    private static String pick(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }
}
