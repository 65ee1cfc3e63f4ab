package sdx.chatops.slack;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.util.http.SlackHttpClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.tracing.BotTracer;

/**
 * Builds the Slack side once: the SDK client pointed at {@code SLACK_API_URL}, and the one Bolt
 * {@link App} with its routes. Bolt's own request verification is replaced by
 * {@link SlackSignatureVerifier}, which runs in {@link SlackEventsResource} before Bolt sees a byte.
 */
@ApplicationScoped
public class SlackAppProducer {

    @Produces
    @Singleton
    Slack slack(ChatopsConfig config, MeterRegistry registry, BotTracer tracer) {
        SlackConfig slackConfig = new SlackConfig();
        String apiPrefix = withTrailingSlash(config.slack().apiUrl());
        slackConfig.setMethodsEndpointUrlPrefix(apiPrefix);
        // The SDK's in-memory metrics start a thread per config; we have our own logs and metrics.
        slackConfig.setStatsEnabled(false);
        slackConfig.setPrettyResponseLoggingEnabled(false);
        // The SDK's own HTTP client (its timeouts and proxy settings), with every call timed and traced,
        // and a connection pool that keeps a connection for every call that can be in flight: OkHttp's
        // default keeps 5 idle, so after each burst of deliveries all but five connections were closed
        // and the next burst opened them again (against slack.com, a TLS handshake each).
        OkHttpClient http = SlackHttpClient.buildOkHttpClient(slackConfig).newBuilder()
                .connectionPool(new ConnectionPool(idleSlackConnections(config), 5, TimeUnit.MINUTES))
                .addInterceptor(new SlackCallMetrics(registry, tracer.get(), apiPrefix)).build();
        SlackHttpClient client = new SlackHttpClient(http);
        client.setConfig(slackConfig);
        return Slack.getInstance(slackConfig, client);
    }

    @Produces
    @Singleton
    MethodsClient methods(Slack slack, ChatopsConfig config) {
        return new SharedGsonMethodsClient(slack.getHttpClient(), config.slack().botToken().orElse(""),
                slack.getConfig().getMethodsEndpointUrlPrefix());
    }

    @Produces
    @Singleton
    SlackSignatureVerifier verifier(ChatopsConfig config, Clock clock) {
        return new SlackSignatureVerifier(config.slack().signingSecret().orElse(""), config.slack().maxRequestAge(), clock);
    }

    @Produces
    @Singleton
    App app(Slack slack, ChatopsConfig config, SdxSlashCommand command, ApprovalButtons buttons,
            RequestModalHandlers modals, AppHome home) {
        AppConfig appConfig = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(config.slack().botToken().orElse(""))
                .signingSecret(config.slack().signingSecret().orElse(""))
                .build();
        // Verified before Bolt runs, in constant time and in both time directions (SlackSignatureVerifier).
        appConfig.setRequestVerificationEnabled(false);
        // Our own middleware list, without Bolt's single-team authorization: that one calls auth.test
        // while the App is built, so a Slack hiccup at the first request (or a bad token) turned every
        // request, unsigned ones included, into a 500. The handlers use the bot's own MethodsClient
        // and response_url, not the context that middleware fills in.
        List<Middleware> middleware = new ArrayList<>(List.of(new SSLCheck(appConfig.getVerificationToken())));
        App app = new App(appConfig, middleware);
        app.command("/sdx", command);
        app.blockAction(ApprovalButtons.APPROVE, buttons::approve);
        app.blockAction(ApprovalButtons.REJECT, buttons::reject);
        app.blockAction(ApprovalButtons.WITHDRAW, buttons::withdraw);
        app.blockSuggestion(RequestModal.SITE, modals::suggest);
        app.viewSubmission(RequestModal.CALLBACK_ID, modals::submit);
        app.event(AppHomeOpenedEvent.class, home::opened);
        return app.start();
    }

    void stop(@Observes ShutdownEvent event, App app) {
        app.stop();
    }

    /** Slack calls that can be in flight at once: the outbox's deliveries and the command threads' own calls. */
    static int idleSlackConnections(ChatopsConfig config) {
        return config.workers().deliveryThreads() + config.workers().commandThreads();
    }

    static String withTrailingSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
