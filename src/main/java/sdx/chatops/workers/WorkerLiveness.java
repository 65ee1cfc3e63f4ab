package sdx.chatops.workers;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live} check {@code workers}: DOWN when a loop that must keep turning (the outbox
 * worker, the sweep of stored work) has stopped by an error it could not handle, or has not turned for
 * longer than any of its waits can last, so that Kubernetes restarts the bot instead of leaving it up
 * and doing nothing; the work waits in the store. Every call these loops make to the store, Slack or
 * SDX is bounded, so a dependency that is down or slow keeps them turning and the check UP: only a
 * fault of the bot itself makes it DOWN. The data names each loop with its last turn, or its fault.
 */
@ApplicationScoped
@Liveness
public class WorkerLiveness implements HealthCheck {

    private final Heartbeats heartbeats;

    @Inject
    public WorkerLiveness(Heartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder up = HealthCheckResponse.named("workers").up();
        HealthCheckResponseBuilder down = HealthCheckResponse.named("workers").down();
        boolean faulty = false;
        for (Map.Entry<String, Heartbeats.Loop> loop : heartbeats.loops().entrySet()) {
            Heartbeat heartbeat = loop.getValue().heartbeat();
            String fault = heartbeat.fault(loop.getValue().quiet());
            if (fault != null) {
                faulty = true;
                down.withData(loop.getKey(), fault);
            } else {
                up.withData(loop.getKey(), heartbeat.last() == null ? "not started" : heartbeat.last().toString());
            }
        }
        return (faulty ? down : up).build();
    }
}
