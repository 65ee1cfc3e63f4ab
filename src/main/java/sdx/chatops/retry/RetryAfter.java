package sdx.chatops.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header in either of its forms (RFC 9110 section 10.2.3): a number
 * of seconds, or an HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}).
 */
public final class RetryAfter {

    /** Longest wait taken from a server; anything later is treated as this. */
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    /**
     * The wait the server asked for (at least 1 s, at most an hour), or null when it did not say or
     * said it in a form that cannot be read.
     */
    public static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            wait = value.length() > 7 ? LONGEST : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }
}
