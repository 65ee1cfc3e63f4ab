package sdx.chatops.workers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The heartbeats of the bot's loops that must keep turning (the outbox worker, the sweep of stored
 * work), each with how long it may go without a turn; {@link WorkerLiveness} reads them.
 */
@ApplicationScoped
public class Heartbeats {

    /** A loop's heartbeat and the longest it may go without a turn. */
    record Loop(Heartbeat heartbeat, Duration quiet) {
    }

    private final Clock clock;
    private final Map<String, Loop> loops = new ConcurrentSkipListMap<>();

    @Inject
    public Heartbeats(Clock clock) {
        this.clock = clock;
    }

    /** The heartbeat of the loop {@code name}, which is at fault after {@code quiet} without a turn. */
    public Heartbeat register(String name, Duration quiet) {
        Heartbeat heartbeat = new Heartbeat(clock);
        loops.put(name, new Loop(heartbeat, quiet));
        return heartbeat;
    }

    /** Every loop registered so far, by name. */
    Map<String, Loop> loops() {
        return loops;
    }
}
