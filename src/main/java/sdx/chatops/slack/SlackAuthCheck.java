package sdx.chatops.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.retry.Backoff;

/**
 * Asks Slack once, at start-up and off the request path, whether {@code SLACK_BOT_TOKEN} works
 * ({@code auth.test}): logs the workspace and bot user when it does, and warns loudly when Slack
 * refuses it, instead of leaving that to the first post that fails. While Slack cannot be reached it
 * asks again with backoff until it gets an answer. The result is in {@code /q/health/ready}; a refused
 * token does not make the bot unready (it still takes requests and keeps them), it is reported.
 */
@ApplicationScoped
@Readiness
public class SlackAuthCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SlackAuthCheck.class);
    private static final Backoff RETRY = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 0.25);

    /** What is known about the token. */
    public enum State {
        CHECKING,
        OK,
        /** Slack refused the token ({@code invalid_auth}, {@code account_inactive}, ...). */
        REFUSED,
        /** Slack could not be asked yet; asking again. */
        UNREACHABLE
    }

    private final MethodsClient slack;
    private volatile State state = State.CHECKING;
    private volatile String detail = "";
    private volatile String team = "";
    private volatile String botUser = "";
    private ScheduledExecutorService timer;

    @Inject
    public SlackAuthCheck(MethodsClient slack) {
        this.slack = slack;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sdx-slack-auth-check");
            thread.setDaemon(true);
            return thread;
        });
        timer.execute(() -> check(0));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void check(int failures) {
        try {
            var response = slack.authTest(r -> r);
            if (response.isOk()) {
                team = response.getTeam() + " (" + response.getTeamId() + ")";
                botUser = response.getUser() + " (" + response.getUserId() + ")";
                LOG.infof("Slack accepted SLACK_BOT_TOKEN: workspace %s, bot user %s", team, botUser);
                // Last: whoever sees the state sees what goes with it.
                state = State.OK;
                return;
            }
            String error = response.getError() == null ? "unknown_error" : response.getError();
            if ("ratelimited".equals(error) || "internal_error".equals(error) || "fatal_error".equals(error)) {
                retry(failures, error);
                return;
            }
            detail = error;
            LOG.errorf("*** Slack refused SLACK_BOT_TOKEN (%s): the bot cannot post approval messages or replies."
                    + " Requests are still accepted and kept; fix the token and restart. ***", error);
            state = State.REFUSED;
        } catch (IOException | SlackApiException e) {
            retry(failures, e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            retry(failures, e.getClass().getSimpleName());
        }
    }

    private void retry(int failures, String why) {
        detail = why;
        state = State.UNREACHABLE;
        Duration wait = RETRY.after(failures);
        if (failures == 0) {
            LOG.warnf("could not ask Slack whether SLACK_BOT_TOKEN works (%s); asking again in %ss", why, wait.toSeconds());
        }
        if (!timer.isShutdown()) {
            timer.schedule(() -> check(failures + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public State state() {
        return state;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("slack-bot-token").up()
                .withData("auth_test", state.name().toLowerCase(java.util.Locale.ROOT));
        if (state == State.OK) {
            health.withData("team", team).withData("bot_user", botUser);
        } else if (!detail.isEmpty()) {
            health.withData("error", detail);
        }
        return health.build();
    }
}
