package sdx.chatops.work;

import java.time.Duration;

/** Reads an HTTP {@code Retry-After} header in seconds, as Slack and SDX send it. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the server asked for (at least 1 s), or null when it did not say or said it oddly. */
    public static Duration parse(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
