package sdx.chatops.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bot in Socket Mode: {@code SLACK_APP_TOKEN} set, so it opens a WebSocket to {@link FakeSocketMode}
 * (through {@code apps.connections.open} on {@link FakeSlack}) instead of taking {@code /slack/events}.
 * Short reconnection backoff (200 ms doubling to 2 s) and a 2 s ping, so that drops are seen and mended
 * within a test.
 */
public class InSocketMode implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("SLACK_APP_TOKEN", FakeSlack.APP_TOKEN,
                "chatops.slack.socket-reconnect-first", "200ms",
                "chatops.slack.socket-reconnect-max", "2s",
                "chatops.slack.socket-ping-interval", "2s",
                "chatops.slack.socket-ready-grace", "30s");
    }
}
