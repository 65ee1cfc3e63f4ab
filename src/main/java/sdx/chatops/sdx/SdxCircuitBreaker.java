package sdx.chatops.sdx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling SDX for a while after several failures in a row, so an outage answers at once
 * ("SDX is failing") instead of making every engineer and every retry wait for a timeout.
 * After the pause one call is let through; its result closes or re-opens the breaker.
 */
public final class SdxCircuitBreaker {

    private final int threshold;
    private final Duration pause;
    private final Clock clock;
    private int failures;
    private Instant openUntil = Instant.MIN;
    private boolean trialInFlight;

    public SdxCircuitBreaker(int threshold, Duration pause, Clock clock) {
        this.threshold = threshold;
        this.pause = pause;
        this.clock = clock;
    }

    /** Null if a call may go ahead; otherwise until when SDX calls are paused. */
    public synchronized Instant pausedUntil() {
        Instant now = clock.instant();
        if (failures < threshold) {
            return null;
        }
        if (now.isBefore(openUntil) || trialInFlight) {
            return now.isBefore(openUntil) ? openUntil : now.plusSeconds(1);
        }
        trialInFlight = true;
        return null;
    }

    /**
     * Whether the breaker is open or waiting for its trial call, for metrics: unlike
     * {@link #pausedUntil()} it never takes the trial call.
     */
    public synchronized boolean isOpen() {
        return failures >= threshold;
    }

    public synchronized void succeeded() {
        failures = 0;
        trialInFlight = false;
    }

    public synchronized void failed() {
        failures++;
        trialInFlight = false;
        if (failures >= threshold) {
            openUntil = clock.instant().plus(pause);
        }
    }
}
