package sdx.chatops.tracing;

/**
 * Names of the bot's own span attributes. Only ids and outcomes, never a token, a script or a
 * message text.
 */
public final class Spans {

    /** The request's short code ({@code SDX-...}), as in the logs and in Slack. */
    public static final String REQUEST_CODE = "sdx_chatops.request.code";
    /** The outbox entry's delivery kind ({@code approval_message}, {@code thread_reply}...). */
    public static final String OUTBOX_KIND = "sdx_chatops.outbox.kind";
    /** Which attempt at delivering the entry this is, from 1. */
    public static final String OUTBOX_ATTEMPT = "sdx_chatops.outbox.attempt";
    /** What came of a delivery or a call: delivered / retry / give_up, or Slack's own outcome. */
    public static final String OUTCOME = "sdx_chatops.outcome";
    /** The Slack Web API method ({@code chat.postMessage}) or {@code response_url}. */
    public static final String SLACK_METHOD = "slack.method";
    /** The Slack channel id a delivery posts in. */
    public static final String SLACK_CHANNEL = "slack.channel.id";
    /** The type of a Socket Mode envelope: slash_commands, interactive or events_api. */
    public static final String SLACK_ENVELOPE_TYPE = "slack.envelope.type";

    private Spans() {
    }
}
