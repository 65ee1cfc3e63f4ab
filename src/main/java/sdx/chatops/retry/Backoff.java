package sdx.chatops.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next try: {@code first}, doubled per earlier failure, at most {@code max},
 * plus up to {@code jitter} of that at random so that many retries do not arrive in step (never beyond
 * {@code max}). The one formula for every retry the bot schedules (SDX submissions, Slack deliveries).
 */
public record Backoff(Duration first, Duration max, double jitter) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max and 0 <= jitter <= 1");
        }
    }

    /** The wait after {@code failures} failures so far (0 for the first retry). */
    public Duration after(int failures) {
        long cap = max.toMillis();
        long base = first.toMillis();
        for (int i = 0; i < failures && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        long spread = (long) (base * jitter);
        long wait = base + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0);
        return Duration.ofMillis(Math.min(wait, cap));
    }
}
