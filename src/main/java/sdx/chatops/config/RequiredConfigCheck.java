package sdx.chatops.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Stops start-up with one message naming every missing environment variable, so an operator
 * fixes the deployment in one round instead of one variable per crash loop.
 */
@Singleton
public class RequiredConfigCheck {

    private static final Logger LOG = Logger.getLogger(RequiredConfigCheck.class);

    /** Runs before every other start-up observer: nothing may talk to Slack or SDX half-configured. */
    void onStart(@Observes @Priority(1) StartupEvent event, ChatopsConfig config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            stop("sdx-chatops cannot start: missing required environment variable(s) " + String.join(", ", missing)
                    + ". See README.md, section Configuration.");
        }
        malformed(config).ifPresent(RequiredConfigCheck::stop);
        if (SlackMode.of(config) == SlackMode.SOCKET) {
            LOG.info("SLACK_APP_TOKEN is set: Slack is reached over Socket Mode; POST /slack/events refuses requests");
        }
        if (config.sdx().sandbox()) {
            LOG.warnf("*** SANDBOX MODE (SDX_SANDBOX=true): SDX is replaced by a built-in simulation; nothing is sent"
                    + " to SDX and nothing reaches a router. SDX_API_URL and SDX_API_TOKEN are not used; every Slack"
                    + " message is marked SANDBOX; simulated jobs move one step every %d ms. ***",
                    config.sdx().sandboxStep().toMillis());
        }
        config.sdx().publicUrl().filter(url -> url.startsWith("http://"))
                .ifPresent(url -> LOG.warnf(
                        "SDX_PUBLIC_URL uses plain http (%s): SDX callbacks carry job tokens; use https in production", url));
        if (config.sdx().publicUrl().isEmpty()) {
            LOG.warnf("SDX_PUBLIC_URL is not set: SDX cannot call back, so job statuses are polled every %ss",
                    config.sdx().pollInterval().toSeconds());
        }
        // With a policy file, each rule names its approvers and SDX_APPROVERS is not used.
        if (config.policy().file().isEmpty() && config.sdx().approvers().map(List::isEmpty).orElse(true)) {
            LOG.warn("*** SDX_APPROVERS is empty: nobody can approve change requests. "
                    + "Set it to Slack user ids (U..., W...) or user group ids (S...). ***");
        }
    }

    private static void stop(String message) {
        // Logged on its own line first, so it is not lost in Quarkus's start-up failure trace.
        LOG.error(message);
        throw new IllegalStateException(message);
    }

    /**
     * The required variables that are missing. In Socket Mode ({@code SLACK_APP_TOKEN} set) requests
     * arrive over a WebSocket that Slack authenticates, unsigned, so {@code SLACK_SIGNING_SECRET} is
     * not needed; the bot token still is (every post and update uses it).
     */
    static List<String> missing(ChatopsConfig config) {
        List<String> missing = new ArrayList<>();
        require(config.slack().botToken(), "SLACK_BOT_TOKEN", missing);
        if (SlackMode.of(config) == SlackMode.HTTP) {
            require(config.slack().signingSecret(), "SLACK_SIGNING_SECRET", missing);
        }
        // The sandbox never calls SDX, so it needs no token.
        if (!config.sdx().sandbox()) {
            require(config.sdx().apiToken(), "SDX_API_TOKEN", missing);
        }
        return missing;
    }

    /**
     * A set variable whose value cannot be right, as the message that stops start-up: an app-level
     * token always starts with {@code xapp-} (a bot token {@code xoxb-} pasted there is the usual mistake).
     * The value itself is never logged.
     */
    static Optional<String> malformed(ChatopsConfig config) {
        if (SlackMode.of(config) == SlackMode.SOCKET && !config.slack().appToken().orElse("").startsWith("xapp-")) {
            return Optional.of("sdx-chatops cannot start: SLACK_APP_TOKEN is not an app-level token (it must start with"
                    + " xapp-; create one with the connections:write scope under Basic Information, App-Level Tokens)."
                    + " Unset it to receive Slack over HTTP. See README.md, section Socket Mode.");
        }
        return Optional.empty();
    }

    private static void require(Optional<String> value, String variable, List<String> missing) {
        if (value.map(String::isBlank).orElse(true)) {
            missing.add(variable);
        }
    }
}
