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
        String payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"" + user + "\",\"username\":\"" + user.toLowerCase()
                + "\",\"name\":\"" + user.toLowerCase() + "\",\"team_id\":\"T0NET\"},"
                + "\"api_app_id\":\"A0SDX\",\"token\":\"deprecated\",\"container\":{\"type\":\"message\",\"message_ts\":\""
                + messageTs + "\",\"channel_id\":\"" + channel + "\",\"is_ephemeral\":false},"
                + "\"trigger_id\":\"1234.5678.abcd\",\"team\":{\"id\":\"T0NET\",\"domain\":\"netops\"},"
                + "\"enterprise\":null,\"is_enterprise_install\":false,"
                + "\"channel\":{\"id\":\"" + channel + "\",\"name\":\"netops\"},"
                + "\"message\":{\"type\":\"message\",\"ts\":\"" + messageTs + "\",\"text\":\"Change request\"},"
                + "\"response_url\":\"" + Fakes.slack().responseUrl(responseId) + "\","
                + "\"actions\":[{\"action_id\":\"" + actionId
                + "\",\"block_id\":\"sdx_decision\",\"text\":{\"type\":\"plain_text\","
                + "\"text\":\"Approve\",\"emoji\":true},\"value\":\"" + requestId
                + "\",\"style\":\"primary\",\"type\":\"button\","
                + "\"action_ts\":\"1700000000.000001\"}]}";
        return Map.of("payload", payload);
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
