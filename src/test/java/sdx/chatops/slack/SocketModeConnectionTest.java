package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;

import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.FakeSocketMode;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.TestConfig;

/**
 * {@link SlackSocketMode} against {@link FakeSocketMode}, without the rest of the bot: a Bolt app with
 * test handlers, so that the acknowledgement rules, readiness and shutdown are seen alone.
 */
class SocketModeConnectionTest {

    private final FakeSlack fake = start();
    private final LogCapture log = LogCapture.install();
    private SlackSocketMode socketMode;

    private static FakeSlack start() {
        try {
            return new FakeSlack();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        if (socketMode != null) {
            socketMode.stop();
        }
        fake.close();
    }

    private SlackSocketMode socketMode(String appToken, Map<String, String> extra) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(fake.apiUrl());
        slackConfig.setStatsEnabled(false);
        Slack slack = Slack.getInstance(slackConfig);
        AppConfig appConfig = AppConfig.builder().slack(slack).singleTeamBotToken(FakeSlack.BOT_TOKEN).signingSecret("")
                .build();
        appConfig.setRequestVerificationEnabled(false);
        App app = new App(appConfig, new ArrayList<>());
        app.command("/sdx", (req, ctx) -> {
            if (req.getPayload().getText().equals("boom")) {
                throw new IllegalStateException("handler failed\n\tat somewhere");
            }
            return ctx.ack("you said " + req.getPayload().getText());
        });
        // No handler for sdx_approve: Bolt answers 404 to a click the checks let through.
        Map<String, String> values = new HashMap<>(Map.of("chatops.slack.socket-reconnect-first", "100ms",
                "chatops.slack.socket-reconnect-max", "1s", "chatops.slack.socket-ping-interval", "2s"));
        if (appToken != null) {
            values.put("chatops.slack.app-token", appToken);
        }
        values.putAll(extra);
        socketMode = new SlackSocketMode(app.start(), slack, TestConfig.chatops(values), Clock.systemUTC(),
                new sdx.chatops.tracing.BotTracer(io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"), true));
        socketMode.start();
        return socketMode;
    }

    private static String command(String text) {
        return "{\"team_id\":\"T0NET\",\"channel_id\":\"C0NETOPS\",\"user_id\":\"UREQUESTER\",\"command\":\"/sdx\","
                + "\"text\":\"" + text + "\",\"response_url\":\"https://hooks.slack.com/commands/1\",\"trigger_id\":\"1.2\"}";
    }

    @Test
    void slashCommandIsAcknowledgedWithTheHandlersAnswerAsPayload() {
        socketMode(FakeSlack.APP_TOKEN, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);

        JsonNode ack = fake.socketMode().awaitAck(fake.socketMode().envelope("slash_commands", command("hello"), true));

        assertThat(ack.path("payload").path("text").asText()).isEqualTo("you said hello");
    }

    @Test
    void payloadIsLeftOutWhenTheEnvelopeDoesNotAcceptOne() {
        socketMode(FakeSlack.APP_TOKEN, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);

        JsonNode ack = fake.socketMode().awaitAck(fake.socketMode().envelope("slash_commands", command("hello"), false));

        assertThat(ack.has("payload")).isFalse();
    }

    @Test
    void failingHandlerIsAcknowledgedWithThePrivateNothingWasChangedAndOneLogLine() {
        socketMode(FakeSlack.APP_TOKEN, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);
        int mark = log.mark();

        JsonNode ack = fake.socketMode().awaitAck(fake.socketMode().envelope("slash_commands", command("boom"), true));

        assertThat(ack.path("payload").path("text").asText()).isEqualTo(EphemeralReplies.failed());
        assertThat(ack.path("payload").path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(log.textSince(mark)).contains("handling a Slack request failed: IllegalStateException");
        assertThat(log.stackTracesSince(mark)).isEmpty();
    }

    @Test
    void requestBoltHasNoHandlerForIsAcknowledgedWithoutPayload() {
        socketMode(FakeSlack.APP_TOKEN, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);
        String click = "{\"type\":\"block_actions\",\"user\":{\"id\":\"UAPPROVER1\"},\"team\":{\"id\":\"T0NET\"},"
                + "\"actions\":[{\"action_id\":\"sdx_approve\",\"value\":\"x\"}]}";

        JsonNode ack = fake.socketMode().awaitAck(fake.socketMode().envelope("interactive", click, true));

        assertThat(ack.has("payload")).isFalse();
    }

    @Test
    void shutdownClosesTheConnectionWithACloseFrame() throws Exception {
        socketMode(FakeSlack.APP_TOKEN, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);
        FakeSocketMode.Connection connection = fake.socketMode().current();

        socketMode.stop();

        assertThat(connection.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(connection.closedByBot).isTrue();
        assertThat(connection.closeCode).isEqualTo(1000);
        assertThat(socketMode.connected()).isFalse();
        Thread.sleep(500);
        assertThat(fake.socketMode().connections()).hasSize(1);
    }

    @Test
    void readinessIsDownWhenTheBotNeverConnectedWithinTheGraceAndNamesTheTokenProblem() {
        socketMode("xapp-1-wrong-token", Map.of("chatops.slack.socket-ready-grace", "0s"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fake.calls("apps.connections.open").size() >= 2);
        HealthCheckResponse health = socketMode.call();

        assertThat(health.getName()).isEqualTo("slack-socket-mode");
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(health.getData()).get().satisfies(data -> assertThat(data).containsEntry("mode", "socket")
                .containsEntry("connected", false).containsEntry("connections", 0L)
                .containsEntry("reason", "never connected since start-up")
                .hasEntrySatisfying("last_error", error -> assertThat((String) error).contains("invalid_auth")
                        .contains("SLACK_APP_TOKEN")));
    }

    @Test
    void readinessStaysUpWithinTheGraceAndAfterAConnectionIsLost() {
        socketMode(FakeSlack.APP_TOKEN, Map.of("chatops.slack.socket-ready-grace", "1h"));
        await().atMost(Duration.ofSeconds(10)).until(socketMode::connected);
        fake.fail("apps.connections.open", 1_000, 500, "{\"ok\":false,\"error\":\"fatal_error\"}", Map.of());

        fake.socketMode().drop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !socketMode.connected());

        // The link is counted out before its error is noted: both show within moments.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HealthCheckResponse health = socketMode.call();
            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(health.getData()).get().satisfies(data -> assertThat(data).containsEntry("connected", false)
                    .containsEntry("connections", 1L).containsKey("disconnected_since").containsKey("last_error"));
        });
    }

    @Test
    void overHttpTheCheckSaysSoAndNothingConnects() throws Exception {
        socketMode(null, Map.of());

        Thread.sleep(300);
        HealthCheckResponse health = socketMode.call();

        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(health.getData()).get().satisfies(data -> assertThat(data).containsOnly(Map.entry("mode", "http")));
        assertThat(fake.calls("apps.connections.open")).isEmpty();
    }
}
