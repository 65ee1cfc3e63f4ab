package sdx.chatops.slack;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Text messages from Slack's Socket Mode server, each read strictly and checked as {@link SlackInbound}
 * checks an HTTP body, before Bolt sees it. Slack authenticates the connection (the app-level token
 * opened it), so nothing here is signed; what it can still be is garbage. An envelope
 * ({@code slash_commands}, {@code interactive}) carries in {@code payload} what the HTTP endpoint would
 * have received: the form fields as JSON keys for a slash command, the {@code payload} JSON for a click.
 * The same shape checks apply to both; what passes is handed to Bolt as the canonical JSON of what was
 * checked, so Bolt's own parser (Gson) cannot read anything the check did not see.
 */
public final class SocketModeMessages {

    /** Longest message read; the WebSocket client refuses larger frames too. */
    public static final int MAX_LENGTH = 1 << 20;

    static final String SLASH_COMMANDS = "slash_commands";
    static final String INTERACTIVE = "interactive";
    static final String EVENTS_API = "events_api";

    /** Envelope ids are UUIDs; anything of this shape can be echoed back safely. */
    private static final Pattern ENVELOPE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern APP_ID = Pattern.compile("A[A-Z0-9]{2,30}");

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(33).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    /** Only to find the id to acknowledge a refused message with. */
    private static final ObjectMapper LENIENT = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(33).build()).build()).build();

    /** What a message is, once read. */
    public sealed interface Message {
    }

    /** Slack's greeting on a new connection: the link is ready. */
    public record Hello(int numConnections, String appId) implements Message {
    }

    /** Slack asks the app to move to a new connection ({@code refresh_requested}, {@code warning}, {@code link_disabled}). */
    public record Disconnect(String reason) implements Message {
    }

    /**
     * An envelope that passed every check. {@code payload} is the canonical JSON object handed to Bolt:
     * for a slash command, every field as a string.
     */
    public record Envelope(String id, String type, boolean acceptsResponsePayload, Integer retryAttempt, String retryReason,
            ObjectNode payload) implements Message {

        /** A button click ({@code block_actions}), checked as one: read by {@link BoltBlockActionRequest}. */
        public boolean isBlockAction() {
            return INTERACTIVE.equals(type) && "block_actions".equals(payload.path("type").asText());
        }

        /** The envelope as Bolt's {@code SocketModeRequestParser} reads it, rebuilt from what was checked. */
        public String forBolt() {
            ObjectNode envelope = JSON.createObjectNode().put("type", type).put("envelope_id", id)
                    .put("accepts_response_payload", acceptsResponsePayload);
            if (retryAttempt != null) {
                envelope.put("retry_attempt", retryAttempt);
            }
            if (retryReason != null) {
                envelope.put("retry_reason", retryReason);
            }
            envelope.set("payload", payload);
            return envelope.toString();
        }
    }

    /**
     * Refused, with a reason for one log line (never anything the message carried). {@code envelopeId} is
     * the id to acknowledge it with, so that Slack does not deliver it again; null when there is none.
     */
    public record Refused(String envelopeId, String reason) implements Message {
    }

    private SocketModeMessages() {
    }

    public static Message read(String message) {
        if (message == null || message.length() > MAX_LENGTH) {
            return new Refused(null, "a Socket Mode message over " + MAX_LENGTH + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (IOException e) {
            // Refused whole; still acknowledged when an id can be read, so that Slack does not send it again.
            return new Refused(lenientId(message), e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "a Socket Mode message with a duplicated key"
                    : "a Socket Mode message that is not one JSON object");
        }
        if (root == null || !root.isObject()) {
            return new Refused(null, "a Socket Mode message that is not one JSON object");
        }
        JsonNode idNode = root.get("envelope_id");
        String id = idNode != null && idNode.isTextual() && ENVELOPE_ID.matcher(idNode.asText()).matches() ? idNode.asText()
                : null;
        JsonNode typeNode = root.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if ("hello".equals(type)) {
            JsonNode count = root.get("num_connections");
            JsonNode appId = root.path("connection_info").path("app_id");
            return new Hello(count != null && count.canConvertToInt() ? count.asInt() : 0,
                    appId.isTextual() && APP_ID.matcher(appId.asText()).matches() ? appId.asText() : "");
        }
        if ("disconnect".equals(type)) {
            JsonNode reason = root.get("reason");
            return new Disconnect(reason != null && reason.isTextual() && reason.asText().matches("[a-z_]{1,40}")
                    ? reason.asText()
                    : "unknown");
        }
        if (id == null) {
            return new Refused(null, "an envelope without a valid envelope_id (it cannot be acknowledged)");
        }
        if (type == null) {
            return new Refused(id, "an envelope without a type");
        }
        if (!SLASH_COMMANDS.equals(type) && !INTERACTIVE.equals(type) && !EVENTS_API.equals(type)) {
            return new Refused(id, "an envelope of a type the bot does not handle");
        }
        JsonNode accepts = root.get("accepts_response_payload");
        if (accepts != null && !accepts.isNull() && !accepts.isBoolean()) {
            return new Refused(id, "an envelope whose accepts_response_payload is not a boolean");
        }
        JsonNode attempt = root.get("retry_attempt");
        if (attempt != null && !attempt.isNull() && !(attempt.isIntegralNumber() && attempt.canConvertToInt()
                && attempt.asInt() >= 0 && attempt.asInt() <= 100)) {
            return new Refused(id, "an envelope whose retry_attempt is not a small whole number");
        }
        JsonNode retryReason = root.get("retry_reason");
        if (retryReason != null && !retryReason.isNull()
                && !(retryReason.isTextual() && retryReason.asText().matches("[A-Za-z0-9_ .-]{0,100}"))) {
            return new Refused(id, "an envelope whose retry_reason is not a short word");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            return new Refused(id, "an envelope without a payload object");
        }
        ObjectNode checked;
        SlackInbound.Verdict verdict;
        if (SLASH_COMMANDS.equals(type)) {
            Map<String, String> fields = new LinkedHashMap<>();
            checked = JSON.createObjectNode();
            var entries = payload.fields();
            while (entries.hasNext()) {
                var field = entries.next();
                JsonNode value = field.getValue();
                if (value.isNull()) {
                    continue;
                }
                if (!value.isValueNode()) {
                    return new Refused(id, "slash command whose field " + fieldName(field.getKey()) + " is not a string");
                }
                fields.put(field.getKey(), value.asText());
                checked.put(field.getKey(), value.asText());
            }
            verdict = SlackInbound.checkCommand(fields);
        } else if (EVENTS_API.equals(type)) {
            // The Home tab's app_home_opened, checked as over HTTP; Slack's URL check never comes over a socket.
            if ("url_verification".equals(payload.path("type").asText())) {
                return new Refused(id, "a URL verification over the socket");
            }
            checked = (ObjectNode) payload;
            verdict = SlackInbound.checkEvent(payload);
            if (verdict instanceof SlackInbound.Verdict.Ignored ignored) {
                return new Refused(id, "an event the bot does not subscribe to (" + fieldName(ignored.what()) + ")");
            }
        } else {
            // Bolt reads a Socket Mode payload with a "command" as a slash command, whatever the envelope says.
            if (payload.has("command")) {
                return new Refused(id, "an interaction that carries a command field");
            }
            checked = (ObjectNode) payload;
            verdict = SlackInbound.checkInteraction(payload);
        }
        if (verdict instanceof SlackInbound.Verdict.Refused refused) {
            return new Refused(id, refused.reason());
        }
        boolean acceptsPayload = accepts != null && accepts.asBoolean(false);
        return new Envelope(id, type, acceptsPayload, attempt == null || attempt.isNull() ? null : attempt.asInt(),
                retryReason == null || retryReason.isNull() ? null : retryReason.asText(), checked);
    }

    /** The envelope id of a message the strict reading refused, if a lenient one finds one of the right shape. */
    private static String lenientId(String message) {
        try {
            JsonNode id = LENIENT.readTree(message).get("envelope_id");
            return id != null && id.isTextual() && ENVELOPE_ID.matcher(id.asText()).matches() ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A field name for the log: only when it is a plain word, never whatever was sent. */
    private static String fieldName(String name) {
        return name.matches("[a-z_]{1,40}") ? name : "(a field)";
    }
}
