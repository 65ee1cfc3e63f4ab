package sdx.chatops.config;

/**
 * How Slack reaches the bot: over HTTP ({@code POST /slack/events}, signed with
 * {@code SLACK_SIGNING_SECRET}) or over Socket Mode (a WebSocket the bot opens with
 * {@code SLACK_APP_TOKEN}). One or the other, never both.
 */
public enum SlackMode {
    HTTP,
    SOCKET;

    /** Socket Mode when {@code SLACK_APP_TOKEN} is set (not blank), HTTP otherwise. */
    public static SlackMode of(ChatopsConfig config) {
        return config.slack().appToken().map(String::isBlank).orElse(true) ? HTTP : SOCKET;
    }
}
