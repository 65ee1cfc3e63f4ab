package sdx.chatops.slack;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;

/**
 * Answers one person after the ack, through the request's {@code response_url}: it works in private
 * channels and DMs the bot is not in, where {@code chat.postEphemeral} fails. These answers are
 * ephemeral by nature (valid 30 minutes), so they are not kept in the outbox.
 */
@ApplicationScoped
public class SlackResponder {

    private static final Logger LOG = Logger.getLogger(SlackResponder.class);

    private final Slack slack;
    private final ObjectMapper json;

    @Inject
    public SlackResponder(Slack slack, ObjectMapper json) {
        this.slack = slack;
        this.json = json;
    }

    public void ephemeral(String responseUrl, String text) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return;
        }
        ObjectNode body = json.createObjectNode()
                .put("response_type", "ephemeral")
                .put("replace_original", false)
                .put("text", text);
        try {
            var response = slack.send(responseUrl, body.toString());
            if (response.getCode() != 200) {
                LOG.warnf("Slack response_url answered HTTP %d", response.getCode());
            }
        } catch (IOException e) {
            LOG.warnf("could not answer through response_url: %s", e.getClass().getSimpleName());
        }
    }
}
