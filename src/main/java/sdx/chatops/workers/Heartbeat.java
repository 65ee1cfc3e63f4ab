package sdx.chatops.workers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a worker's loop still turns: the loop beats once per turn, and says so if it ends by an
 * error it could not handle. A loop that stopped, or has not turned for longer than any of its waits
 * can last, will not recover by itself; the liveness check that reads this lets Kubernetes restart
 * the bot, and the work waiting in the store goes out after the restart.
 */
public final class Heartbeat {

    private final Clock clock;
    private volatile Instant last;
    private volatile String stoppedBy;

    public Heartbeat(Clock clock) {
        this.clock = clock;
    }

    /** One turn of the loop. */
    public void beat() {
        last = clock.instant();
    }

    /** The loop ended by {@code cause}, which it could not handle. */
    public void stopped(Throwable cause) {
        stoppedBy = cause.getClass().getSimpleName();
    }

    /** When the loop last turned; null before its first turn. */
    public Instant last() {
        return last;
    }

    /**
     * What is wrong, or null while the loop turns (or has not begun): it stopped, or it has not turned
     * for longer than {@code quiet}.
     */
    public String fault(Duration quiet) {
        if (stoppedBy != null) {
            return "stopped by " + stoppedBy;
        }
        Instant seen = last;
        Duration since = seen == null ? Duration.ZERO : Duration.between(seen, clock.instant());
        return since.compareTo(quiet) > 0 ? "no turn for " + since.toSeconds() + " s" : null;
    }
}
