package sdx.chatops.slack;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Checks a signed request's body before Bolt parses it. A valid signature proves the sender knows the
 * signing secret, not that the body makes sense: a form with a broken percent-escape, a payload that
 * is not a JSON object or lacks {@code user}, {@code team} or {@code actions}, or ids of the wrong
 * shape are refused here with a reason for one log line, instead of failing deep inside Bolt or a
 * handler. What passes has every field the handlers read, with the right type and shape.
 */
public final class SlackInbound {

    /** Interactions the bot handles: the buttons on its messages. */
    private static final Set<String> ACTIONS = Set.of(ApprovalButtons.APPROVE, ApprovalButtons.REJECT,
            ApprovalButtons.WITHDRAW);
    private static final int MAX_DEPTH = 32;
    /** Fields of a click the bot reads; each, when present, must be a string. */
    private static final String[] STRING_FIELDS = { "/response_url", "/user/team_id", "/team/id", "/channel/id",
            "/container/channel_id", "/container/message_ts", "/message/ts", "/enterprise/id", "/actions/0/block_id" };

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** The verdict on a body: passed to Bolt, or refused with a reason for the log (never for Slack). */
    public sealed interface Verdict {
        /**
         * Passed to Bolt. {@code form} holds the fields of a form body, decoded and checked (a slash
         * command's are what {@link BoltCommandRequest} builds Bolt's request from, a click's
         * {@code payload} what {@link BoltBlockActionRequest} reads); empty for JSON and for the other
         * interactions. {@code blockAction}: the body is a button click ({@code block_actions}).
         */
        record Accepted(Map<String, String> form, boolean blockAction) implements Verdict {
            public Accepted {
                form = Collections.unmodifiableMap(form);
            }

            public Accepted(Map<String, String> form) {
                this(form, false);
            }

            public Accepted() {
                this(Map.of());
            }

            /** A slash command, in {@link #check}'s order: a form with a payload is an interaction. */
            public boolean isSlashCommand() {
                return !form.containsKey("payload") && form.containsKey("command");
            }
        }

        record Refused(String reason) implements Verdict {
        }

        /** Well formed, but nothing the bot acts on (an event it did not ask for): answered 200, not passed on. */
        record Ignored(String what) implements Verdict {
        }
    }

    private SlackInbound() {
    }

    public static Verdict check(String contentType, byte[] body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return checkEvent(body);
        }
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return refused("not a form (Content-Type " + (contentType == null ? "missing" : "not form-encoded") + ")");
        }
        Map<String, String> form;
        try {
            form = decodeForm(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return refused("malformed form encoding");
        }
        // In Bolt's order: a payload or a command is what Bolt handles, even next to ssl_check=1.
        if (form.containsKey("payload")) {
            Verdict verdict = checkInteraction(form.get("payload"));
            return verdict instanceof Verdict.Accepted accepted && accepted.blockAction() ? new Verdict.Accepted(form, true)
                    : verdict;
        }
        if (form.containsKey("command")) {
            Verdict verdict = checkCommand(form);
            return verdict instanceof Verdict.Accepted ? new Verdict.Accepted(form) : verdict;
        }
        if ("1".equals(form.get("ssl_check"))) {
            return new Verdict.Accepted(form);
        }
        return refused("neither a slash command nor an interaction");
    }

    /**
     * Decodes {@code a=1&b=2} strictly: a broken percent-escape or a repeated field is refused, and so
     * is whatever Bolt's own form reading would see differently. Bolt reads a body that starts with a
     * brace or a bracket as JSON, trims field names and drops raw line breaks in them (so a raw tab
     * before {@code user_id} would make a second {@code user_id}), and skips a field with more than one
     * raw {@code =}; a correctly encoded form has none of these.
     */
    static Map<String, String> decodeForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        if (body.charAt(0) == '{' || body.charAt(0) == '[') {
            throw new IllegalArgumentException("JSON, not a form");
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq >= 0 && pair.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("a raw '=' in a value");
            }
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            if (hasBlankOrControl(rawName)) {
                throw new IllegalArgumentException("a raw blank or control character in a field name");
            }
            String key = decode(rawName);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (form.put(key, value) != null) {
                throw new IllegalArgumentException("repeated field");
            }
        }
        return form;
    }

    private static boolean hasBlankOrControl(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Most fields (ids, names) need no decoding; the rest are decoded as URLDecoder does. */
    private static String decode(String raw) {
        return raw.indexOf('%') < 0 && raw.indexOf('+') < 0 ? raw : URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    /** The fields of a slash command (a form over HTTP, a JSON object's string values over Socket Mode). */
    static Verdict checkCommand(Map<String, String> form) {
        if (!"/sdx".equals(form.get("command"))) {
            return refused("a slash command this bot does not have");
        }
        if (!SlackText.isUserId(form.get("user_id"))) {
            return refused("slash command without a valid user_id");
        }
        if (!SlackText.isChannelId(form.get("channel_id"))) {
            return refused("slash command without a valid channel_id");
        }
        if (!SlackText.isTeamId(form.get("team_id"))) {
            return refused("slash command without a valid team_id");
        }
        String enterprise = form.get("enterprise_id");
        if (enterprise != null && !enterprise.isEmpty() && !SlackText.isTeamId(enterprise)) {
            return refused("slash command with an enterprise_id of the wrong shape");
        }
        return new Verdict.Accepted();
    }

    private static Verdict checkInteraction(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return refused("payload is not JSON");
        }
        return checkInteraction(root);
    }

    /** An interaction payload, parsed (the {@code payload} form field over HTTP, the envelope's over Socket Mode). */
    static Verdict checkInteraction(JsonNode root) {
        if (root == null || !root.isObject()) {
            return refused("payload is not a JSON object");
        }
        String type = text(root, "type");
        if ("view_submission".equals(type)) {
            return checkViewSubmission(root);
        }
        if ("block_suggestion".equals(type)) {
            return checkSuggestion(root);
        }
        if (!"block_actions".equals(type)) {
            return refused("an interaction type this bot does not handle");
        }
        JsonNode user = root.get("user");
        if (user == null || !user.isObject() || !SlackText.isUserId(text(user, "id"))) {
            return refused("click without a valid user");
        }
        if (!root.has("team") || !(root.get("team").isObject() || root.get("team").isNull())) {
            return refused("click without team");
        }
        JsonNode actions = root.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty() || !actions.get(0).isObject()) {
            return refused("click without actions");
        }
        JsonNode action = actions.get(0);
        String actionId = text(action, "action_id");
        // Set.of(...).contains(null) throws: a missing action_id must be a refusal, not a 500.
        if (actionId == null || !ACTIONS.contains(actionId)) {
            return refused("click on a button this bot does not have");
        }
        if (text(action, "value") == null) {
            return refused("click on a button without a value");
        }
        for (String field : new String[] { "team", "channel", "container", "message", "enterprise" }) {
            JsonNode node = root.get(field);
            if (node != null && !node.isNull() && !node.isObject()) {
                return refused("click whose " + field + " is not an object");
            }
        }
        for (String path : STRING_FIELDS) {
            JsonNode node = root.at(path);
            if (!node.isMissingNode() && !node.isNull() && !node.isTextual()) {
                return refused("click whose " + path + " is not a string");
            }
        }
        return new Verdict.Accepted(Map.of(), true);
    }

    /**
     * An Events API delivery (JSON): Slack's URL check, or the one event the bot subscribes to,
     * {@code app_home_opened} for the Home tab. Other well-formed events are ignored with 200, so that
     * Slack does not retry them.
     */
    private static Verdict checkEvent(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(strictUtf8(body));
        } catch (IOException | IllegalArgumentException e) {
            return refused("event body is not one JSON object");
        }
        return checkEvent(root);
    }

    /** The same checks on an event already read: over HTTP, or in a Socket Mode envelope's payload. */
    static Verdict checkEvent(JsonNode root) {
        if (root == null || !root.isObject()) {
            return refused("event body is not a JSON object");
        }
        String type = text(root, "type");
        if ("url_verification".equals(type)) {
            String challenge = text(root, "challenge");
            return challenge != null && challenge.matches("[A-Za-z0-9_.-]{1,200}") ? new Verdict.Accepted()
                    : refused("URL verification without a plain challenge");
        }
        if (!"event_callback".equals(type)) {
            return refused("an Events API delivery this bot does not handle");
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isObject()) {
            return refused("event delivery without its event");
        }
        if (!"app_home_opened".equals(text(event, "type"))) {
            return new Verdict.Ignored(String.valueOf(text(event, "type")));
        }
        if (!SlackText.isUserId(text(event, "user"))) {
            return refused("app_home_opened without a valid user");
        }
        for (String field : new String[] { "tab", "channel", "event_ts" }) {
            if (event.has(field) && !event.get(field).isTextual() && !event.get(field).isNull()) {
                return refused("app_home_opened whose " + field + " is not a string");
            }
        }
        if (event.has("view") && !event.get("view").isObject() && !event.get("view").isNull()) {
            return refused("app_home_opened whose view is not an object");
        }
        if (root.has("team_id") && !SlackText.isTeamId(text(root, "team_id"))) {
            return refused("event delivery with a team_id of the wrong shape");
        }
        return new Verdict.Accepted();
    }

    /** Bytes as UTF-8, refusing malformed sequences rather than replacing them. */
    private static String strictUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8");
        }
    }

    /** A submitted request form: ours (its callback_id), with the state Bolt maps and our metadata. */
    private static Verdict checkViewSubmission(JsonNode root) {
        JsonNode user = root.get("user");
        if (user == null || !user.isObject() || !SlackText.isUserId(text(user, "id"))) {
            return refused("form submission without a valid user");
        }
        JsonNode view = root.get("view");
        if (view == null || !view.isObject() || !RequestModal.CALLBACK_ID.equals(text(view, "callback_id"))) {
            return refused("submission of a form this bot does not have");
        }
        if (text(view, "private_metadata") == null) {
            return refused("form submission without its metadata");
        }
        JsonNode values = view.at("/state/values");
        if (!values.isObject()) {
            return refused("form submission without state values");
        }
        for (JsonNode block : values) {
            if (!block.isObject()) {
                return refused("form submission whose state is not objects");
            }
            for (JsonNode field : block) {
                if (!field.isObject()) {
                    return refused("form submission whose state is not objects");
                }
                for (String key : new String[] { "value", "type" }) {
                    if (field.has(key) && !field.get(key).isTextual() && !field.get(key).isNull()) {
                        return refused("form submission with a " + key + " that is not a string");
                    }
                }
                JsonNode selected = field.get("selected_option");
                if (selected != null && !selected.isNull() && (!selected.isObject() || text(selected, "value") == null)) {
                    return refused("form submission with a malformed selected option");
                }
                JsonNode many = field.get("selected_options");
                if (many != null && !many.isNull() && !many.isArray()) {
                    return refused("form submission with malformed selected options");
                }
            }
        }
        return new Verdict.Accepted();
    }

    /** The site picker asks for options: our picker, with what was typed. */
    private static Verdict checkSuggestion(JsonNode root) {
        JsonNode user = root.get("user");
        if (user == null || !user.isObject() || !SlackText.isUserId(text(user, "id"))) {
            return refused("suggestion request without a valid user");
        }
        if (!RequestModal.SITE.equals(text(root, "action_id"))) {
            return refused("suggestion request for a menu this bot does not have");
        }
        String value = text(root, "value");
        if (value == null || value.length() > 500) {
            return refused("suggestion request without a short typed value");
        }
        return new Verdict.Accepted();
    }

    /** A string field, or null when missing or not a string. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Verdict refused(String reason) {
        return new Verdict.Refused(reason);
    }
}
