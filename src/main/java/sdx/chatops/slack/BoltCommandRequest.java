package sdx.chatops.slack;

import java.util.Locale;
import java.util.Map;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;

/**
 * Bolt's request for a slash command, built from the form {@link SlackInbound} has already decoded
 * and checked, instead of having Bolt find out what the body is and decode it again with regular
 * expressions (about a twentieth of the CPU a command costs). The result is what Bolt's
 * {@code SlackRequestParser} makes of the same body: the same payload, context and client address.
 * Bolt skips a field whose value is empty, so it is left unset here too.
 */
final class BoltCommandRequest {

    private BoltCommandRequest() {
    }

    static SlashCommandRequest of(String body, Map<String, String> form, RequestHeaders headers, AppConfig config) {
        SlashCommandPayload payload = new SlashCommandPayload();
        form.forEach((name, value) -> {
            if (!value.isEmpty()) {
                set(payload, name, value);
            }
        });
        SlashCommandRequest request = new SlashCommandRequest(body, payload, headers);
        request.setSocketMode(false);
        request.updateContext(config);
        request.setClientIpAddress(headers.getFirstValue("X-FORWARDED-FOR"));
        return request;
    }

    private static void set(SlashCommandPayload payload, String name, String value) {
        switch (name) {
            case "token" -> payload.setToken(value);
            case "team_id" -> payload.setTeamId(value);
            case "team_domain" -> payload.setTeamDomain(value);
            case "enterprise_id" -> payload.setEnterpriseId(value);
            case "enterprise_name" -> payload.setEnterpriseName(value);
            case "api_app_id" -> payload.setApiAppId(value);
            case "channel_id" -> payload.setChannelId(value);
            case "channel_name" -> payload.setChannelName(value);
            case "user_id" -> payload.setUserId(value);
            case "user_name" -> payload.setUserName(value);
            case "command" -> payload.setCommand(value);
            case "text" -> payload.setText(value);
            case "response_url" -> payload.setResponseUrl(value);
            case "trigger_id" -> payload.setTriggerId(value);
            case "is_enterprise_install" -> payload
                    .setEnterpriseInstall("true".equals(value.trim().toLowerCase(Locale.ENGLISH)));
            default -> {
                // Bolt ignores fields it does not know; so does the bot.
            }
        }
    }
}
