package sdx.chatops.testing;

import static io.restassured.RestAssured.given;
import static io.restassured.config.EncoderConfig.encoderConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Builds requests as Slack sends them: form-encoded, signed with HMAC-SHA256 over
 * {@code v0:timestamp:body} with the signing secret, posted to {@code /slack/events}.
 */
public final class SlackRequests {

    public static final String REQUESTER = "UREQUESTER";

    private SlackRequests() {
    }

    public static Map<String, String> slashCommand(String channel, String user, String text, String responseId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "deprecated-verification-token");
        form.put("team_id", "T0NET");
        form.put("team_domain", "netops");
        form.put("channel_id", channel);
        form.put("channel_name", "netops");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/sdx");
        form.put("text", text);
        form.put("api_app_id", "A0SDX");
        form.put("is_enterprise_install", "false");
        form.put("response_url", Fakes.slack().responseUrl(responseId));
        form.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
        return form;
    }

    /** A {@code block_actions} payload as Slack sends it for a click on one of our buttons. */
    public static Map<String, String> click(String channel, String user, String actionId, String requestId, String messageTs,
            String responseId) {
        return new Click(channel, user, actionId, requestId, messageTs, Fakes.slack().responseUrl(responseId)).form();
    }

    /**
     * A click, every part of which a test may change: where Slack says it happened (team, user's team,
     * enterprise, channel, container, message) and what it carries. Null leaves a part out.
     */
    public static final class Click {
        public String user;
        public String actionId;
        public String value;
        public String teamId = "T0NET";
        public String userTeamId = "T0NET";
        public String enterpriseId;
        public String channelId;
        public String containerChannelId;
        public String messageTs;
        public String containerMessageTs;
        public String responseUrl;
        /** Clicked on the clicker's Home tab (a view) instead of on a message in a channel. */
        public boolean homeTab;

        public Click(String channel, String user, String actionId, String value, String messageTs, String responseUrl) {
            this.user = user;
            this.actionId = actionId;
            this.value = value;
            this.channelId = channel;
            this.containerChannelId = channel;
            this.messageTs = messageTs;
            this.containerMessageTs = messageTs;
            this.responseUrl = responseUrl;
        }

        public String json() {
            return "{\"type\":\"block_actions\",\"user\":{\"id\":" + quote(user) + ",\"username\":\"someone\","
                    + "\"name\":\"someone\",\"team_id\":" + quote(userTeamId) + "},"
                    + "\"api_app_id\":\"A0SDX\",\"token\":\"deprecated\",\"container\":"
                    + (homeTab ? "{\"type\":\"view\",\"view_id\":\"VHOME\"},\"view\":{\"id\":\"VHOME\",\"type\":\"home\"},"
                            : "{\"type\":\"message\",\"message_ts\":" + quote(containerMessageTs) + ",\"channel_id\":"
                                    + quote(containerChannelId) + ",\"is_ephemeral\":false},")
                    + "\"trigger_id\":\"1234.5678.abcd\","
                    + "\"team\":" + (teamId == null ? "null" : "{\"id\":" + quote(teamId) + ",\"domain\":\"netops\"}") + ","
                    + "\"enterprise\":"
                    + (enterpriseId == null ? "null" : "{\"id\":" + quote(enterpriseId) + ",\"name\":\"org\"}")
                    + ",\"is_enterprise_install\":false,"
                    + "\"channel\":{\"id\":" + quote(channelId) + ",\"name\":\"netops\"},"
                    + "\"message\":{\"type\":\"message\",\"ts\":" + quote(messageTs) + ",\"text\":\"Change request\"},"
                    + "\"response_url\":" + quote(responseUrl) + ","
                    + "\"actions\":[{\"action_id\":" + quote(actionId) + ",\"block_id\":\"sdx_decision\","
                    + "\"text\":{\"type\":\"plain_text\",\"text\":\"Approve\",\"emoji\":true},\"value\":" + quote(value)
                    + ",\"style\":\"primary\",\"type\":\"button\",\"action_ts\":\"1700000000.000001\"}]}";
        }

        public Map<String, String> form() {
            return Map.of("payload", json());
        }

        private static String quote(String value) {
            return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            byte[] digest = mac.doFinal(body);
            StringBuilder hex = new StringBuilder("v0=");
            for (byte b : digest) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts the form signed now with the test signing secret. */
    public static Response post(Map<String, String> form) {
        byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return post(body, timestamp, sign(Fakes.SIGNING_SECRET, timestamp, body));
    }

    /** Posts the form signed now to the bot listening on {@code port}. */
    public static Response post(Map<String, String> form, int port) {
        byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        return spec(body, timestamp, sign(Fakes.SIGNING_SECRET, timestamp, body)).port(port).post("/slack/events");
    }

    public static Response post(byte[] body, String timestamp, String signature) {
        return spec(body, timestamp, signature).post("/slack/events");
    }

    /** Posts any bytes with any content type, correctly signed now: a signed request can still be garbage. */
    public static Response postSigned(byte[] body, String contentType) {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        RequestSpecification spec = given()
                .config(RestAssured.config()
                        .encoderConfig(encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", sign(Fakes.SIGNING_SECRET, timestamp, body))
                // ISO-8859-1 maps each byte to one char and back: the bytes sent are exactly the bytes signed.
                .body(new String(body, StandardCharsets.ISO_8859_1));
        if (contentType != null) {
            spec = spec.contentType(contentType);
        }
        return spec.post("/slack/events");
    }

    private static RequestSpecification spec(byte[] body, String timestamp, String signature) {
        RequestSpecification spec = given()
                .config(RestAssured.config()
                        .encoderConfig(encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("application/x-www-form-urlencoded")
                .body(new String(body, StandardCharsets.US_ASCII));
        if (timestamp != null) {
            spec = spec.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            spec = spec.header("X-Slack-Signature", signature);
        }
        return spec;
    }
}
