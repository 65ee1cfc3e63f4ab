package sdx.chatops.slack;

import java.net.URI;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;

import sdx.chatops.config.ChatopsConfig;

/**
 * Answers one person after the ack, through the request's {@code response_url}: it works in private
 * channels and DMs the bot is not in, where {@code chat.postEphemeral} fails. Only URLs on Slack's
 * own host ({@code hooks.slack.com}) or on the host of {@code SLACK_API_URL} (a GovSlack host, or a
 * test's fake) are used: a signed payload may still carry any URL, and the bot must not post to it.
 * Never throws: a bad URL or a failed post is one log line. In sandbox mode each answer carries the
 * {@link SandboxMarker}.
 */
@ApplicationScoped
public class SlackResponder {

    private static final Logger LOG = Logger.getLogger(SlackResponder.class);
    static final String SLACK_HOOKS_HOST = "hooks.slack.com";

    private final Slack slack;
    private final ObjectMapper json;
    private final URI api;
    private final SandboxMarker marker;

    @Inject
    public SlackResponder(Slack slack, ObjectMapper json, ChatopsConfig config, SandboxMarker marker) {
        this.slack = slack;
        this.json = json;
        this.api = URI.create(config.slack().apiUrl());
        this.marker = marker;
    }

    /**
     * Whether the bot will post to {@code responseUrl}: {@code https://hooks.slack.com} on its default
     * port, or the scheme, host and port of {@code SLACK_API_URL}.
     */
    public boolean accepts(String responseUrl) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return false;
        }
        String host = host(responseUrl);
        if (host == null) {
            return false;
        }
        URI uri = URI.create(responseUrl);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (SLACK_HOOKS_HOST.equals(host)) {
            return scheme.equals("https") && (uri.getPort() == -1 || uri.getPort() == 443);
        }
        return host.equals(host(api.toString())) && scheme.equalsIgnoreCase(api.getScheme()) && port(uri) == port(api);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    public void ephemeral(String responseUrl, String text) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return;
        }
        if (!accepts(responseUrl)) {
            LOG.warn("refused to answer through a response_url that is not on Slack's host");
            return;
        }
        ObjectNode body = json.createObjectNode()
                .put("response_type", "ephemeral")
                .put("replace_original", false)
                .put("text", marker.text(text));
        try {
            var response = slack.send(responseUrl, body.toString());
            if (response.getCode() != 200) {
                LOG.warnf("Slack response_url answered HTTP %d", response.getCode());
            }
        } catch (Exception e) {
            LOG.warnf("could not answer through response_url: %s", e.getClass().getSimpleName());
        }
    }

    /** The lower-case host of a URL, or null when it is not an absolute URL with a host. */
    static String host(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            return uri.getHost().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return null;
        }
    }
}
