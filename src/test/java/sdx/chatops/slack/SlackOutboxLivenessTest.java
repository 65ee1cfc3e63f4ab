package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import sdx.chatops.testing.ManualClock;
import sdx.chatops.workers.Heartbeat;

/** The liveness of the outbox worker: DOWN only for a loop that stopped or no longer turns. */
class SlackOutboxLivenessTest {

    private final ManualClock clock = new ManualClock();
    private final Heartbeat heartbeat = new Heartbeat(clock);
    private final SlackOutboxLiveness check = new SlackOutboxLiveness(heartbeat);

    @Test
    void aWorkerNotYetStartedIsAlive() {
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getName()).isEqualTo("slack-outbox");
        assertThat(response.getData()).get().extracting(d -> d.get("last_turn")).isEqualTo("not started");
    }

    @Test
    void aLoopThatTurnsIsAliveHoweverLongItRuns() {
        for (int i = 0; i < 100; i++) {
            heartbeat.beat();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aLoopQuietForLongerThanAnyOfItsWaitsIsDown() {
        heartbeat.beat();
        clock.advance(SlackOutboxLiveness.QUIET);
        assertThat(check.call().getStatus()).as("exactly the quiet time").isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofSeconds(1));
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(d -> d.get("fault")).isEqualTo("no turn for 301 s");
    }

    @Test
    void aLoopEndedByAnErrorIsDownAtOnceAndSaysByWhat() {
        heartbeat.beat();
        heartbeat.stopped(new IllegalStateException("secret detail that stays in the log"));
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().extracting(d -> d.get("fault")).isEqualTo("stopped by IllegalStateException");
    }
}
