package sdx.chatops.sdx;

import java.time.Duration;

/**
 * Keeps this instance under SDX's 60 requests per minute per key: a token bucket that refills
 * evenly. Callers that cannot wait (a slash command) give up at once; background work waits.
 */
public final class SdxRateLimiter {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    public SdxRateLimiter(int perMinute) {
        this.capacity = perMinute / 6.0; // at most a tenth of a minute's worth in one burst
        this.perNano = perMinute / 60e9;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** Takes a token, waiting at most {@code maxWait}; false if none came in time. */
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    return true;
                }
                waitNanos = (long) ((1 - tokens) / perNano);
            }
            if (System.nanoTime() + waitNanos > deadline) {
                return false;
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
