package sdx.chatops.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import sdx.chatops.testing.ManualClock;

/** The liveness of the bot's loops: DOWN only for a loop that stopped or no longer turns. */
class WorkerLivenessTest {

    private final ManualClock clock = new ManualClock();
    private final Heartbeats heartbeats = new Heartbeats(clock);
    private final WorkerLiveness check = new WorkerLiveness(heartbeats);
    private final Heartbeat outbox = heartbeats.register("slack-outbox", Duration.ofMinutes(5));
    private final Heartbeat sweep = heartbeats.register("sweep", Duration.ofMinutes(10));

    @Test
    void loopsNotYetStartedAreAlive() {
        HealthCheckResponse response = check.call();
        assertThat(response.getName()).isEqualTo("workers");
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(response)).containsEntry("slack-outbox", "not started").containsEntry("sweep", "not started");
    }

    @Test
    void loopsThatTurnAreAliveHoweverLongTheyRun() {
        for (int i = 0; i < 100; i++) {
            outbox.beat();
            sweep.beat();
            clock.advance(Duration.ofMinutes(1));
        }
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(response)).containsEntry("slack-outbox", clock.now.minus(Duration.ofMinutes(1)).toString());
    }

    @Test
    void aLoopQuietForLongerThanItMayBeIsDownAndNamed() {
        outbox.beat();
        sweep.beat();
        clock.advance(Duration.ofMinutes(5));
        assertThat(check.call().getStatus()).as("exactly the outbox's quiet time").isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofSeconds(1));
        sweep.beat();
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(data(response)).containsEntry("slack-outbox", "no turn for 301 s").doesNotContainKey("sweep");
    }

    @Test
    void aLoopEndedByAnErrorIsDownAtOnceAndSaysByWhatButNotItsText() {
        outbox.beat();
        sweep.beat();
        outbox.stopped(new IllegalStateException("secret detail that stays in the log"));
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(data(response)).containsEntry("slack-outbox", "stopped by IllegalStateException");
        assertThat(response.toString()).doesNotContain("secret");
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElseThrow();
    }
}
