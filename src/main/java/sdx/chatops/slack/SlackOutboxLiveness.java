package sdx.chatops.slack;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import sdx.chatops.workers.Heartbeat;

/**
 * {@code /q/health/live} check {@code slack-outbox}: DOWN when the outbox worker's loop has stopped or
 * has not turned for {@link #QUIET}, so that Kubernetes restarts the bot instead of leaving it up and
 * posting nothing. A turn waits at most a few seconds, and every call it makes to the store is bounded
 * (README, the store), so a store that is down or slow keeps it turning and UP: only a fault of the bot
 * itself makes it DOWN.
 */
@ApplicationScoped
@Liveness
public class SlackOutboxLiveness implements HealthCheck {

    static final Duration QUIET = Duration.ofMinutes(5);

    private final Heartbeat heartbeat;

    @Inject
    public SlackOutboxLiveness(SlackOutboxWorker worker) {
        this(worker.heartbeat());
    }

    SlackOutboxLiveness(Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
    }

    @Override
    public HealthCheckResponse call() {
        String fault = heartbeat.fault(QUIET);
        if (fault != null) {
            return HealthCheckResponse.named("slack-outbox").down().withData("fault", fault).build();
        }
        return HealthCheckResponse.named("slack-outbox").up()
                .withData("last_turn", heartbeat.last() == null ? "not started" : heartbeat.last().toString()).build();
    }
}
