package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;

import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.LogCapture;

/** The bot token is checked once at start-up against a Slack Web API on loopback. */
class SlackAuthCheckTest {

    private final FakeSlack fake = start();
    private final LogCapture log = LogCapture.install();
    private final int mark = log.mark();
    private SlackAuthCheck check;

    private static FakeSlack start() {
        try {
            return new FakeSlack();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        if (check != null) {
            check.stop(null);
        }
        fake.close();
    }

    private SlackAuthCheck checkWith(String token) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(fake.apiUrl());
        config.setStatsEnabled(false);
        check = new SlackAuthCheck(Slack.getInstance(config).methods(token));
        check.start(null);
        return check;
    }

    @Test
    void acceptedTokenIsLoggedWithWorkspaceAndBotUserAndShownInReadiness() {
        SlackAuthCheck check = checkWith(FakeSlack.BOT_TOKEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> check.state() == SlackAuthCheck.State.OK);
        HealthCheckResponse health = check.call();
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(health.getData()).get().satisfies(data -> {
            assertThat(data).containsEntry("auth_test", "ok").containsEntry("team", "Net (T0NET)")
                    .containsEntry("bot_user", "sdx (UBOT)");
        });
        assertThat(log.textSince(mark)).contains("Slack accepted SLACK_BOT_TOKEN: workspace Net (T0NET), bot user sdx (UBOT)");
        assertThat(fake.calls("auth.test")).hasSize(1);
    }

    @Test
    void refusedTokenIsWarnedAboutLoudlyAndReportedWithoutFailingReadiness() {
        String wrong = "xoxb-wrong-token-0000";
        SlackAuthCheck check = checkWith(wrong);
        await().atMost(Duration.ofSeconds(10)).until(() -> check.state() == SlackAuthCheck.State.REFUSED);
        HealthCheckResponse health = check.call();
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(health.getData()).get().satisfies(data -> assertThat(data).containsEntry("auth_test", "refused")
                .containsEntry("error", "invalid_auth"));
        assertThat(log.since(mark)).anyMatch(line -> line.message().contains("Slack refused SLACK_BOT_TOKEN (invalid_auth)")
                && line.level().getName().equals("ERROR"));
        assertThat(log.textSince(mark)).doesNotContain(wrong);
        assertThat(fake.calls("auth.test")).hasSize(1);
    }

    @Test
    void unreachableSlackIsAskedAgainUntilItAnswers() {
        fake.fail("auth.test", 2, 503, "unavailable", java.util.Map.of());
        SlackAuthCheck check = checkWith(FakeSlack.BOT_TOKEN);
        await().atMost(Duration.ofSeconds(5)).until(() -> check.state() == SlackAuthCheck.State.UNREACHABLE);
        assertThat(check.call().getData()).get().satisfies(data -> assertThat(data).containsEntry("auth_test", "unreachable"));
        await().atMost(Duration.ofSeconds(20)).until(() -> check.state() == SlackAuthCheck.State.OK);
        assertThat(fake.calls("auth.test")).hasSize(3);
    }
}
