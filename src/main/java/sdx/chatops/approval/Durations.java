package sdx.chatops.approval;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in chat and in the policy file: one or more groups of a whole number
 * and a unit, largest unit first, each unit at most once, no spaces: {@code d} (days of 24 hours),
 * {@code h}, {@code m}, {@code s}. For example {@code 90s}, {@code 30m}, {@code 4h}, {@code 1h30m},
 * {@code 2d}, {@code 1d12h}. Zero is refused (a request that expires at once), so is anything negative.
 */
public final class Durations {

    /** What is accepted, for messages. */
    public static final String SYNTAX = "a whole number and a unit (d, h, m, s), largest unit first, e.g. 90s, 30m, 4h,"
            + " 1h30m, 2d";

    private static final Pattern FORM = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final long[] SECONDS_PER_UNIT = { 86_400, 3_600, 60, 1 };

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what is wrong with the text */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = FORM.matcher(trimmed);
        if (trimmed.isEmpty() || !matcher.matches()) {
            if (trimmed.startsWith("-")) {
                throw new IllegalArgumentException("'" + text + "' is negative; it must be longer than zero");
            }
            throw new IllegalArgumentException("'" + text + "' is not a duration; write " + SYNTAX);
        }
        try {
            Duration duration = Duration.ZERO;
            for (int group = 1; group <= 4; group++) {
                if (matcher.group(group) != null) {
                    long amount = Long.parseLong(matcher.group(group));
                    duration = duration.plus(Duration.ofSeconds(Math.multiplyExact(amount, SECONDS_PER_UNIT[group - 1])));
                }
            }
            if (duration.isZero()) {
                throw new IllegalArgumentException("'" + text + "' is zero; it must be longer than zero");
            }
            return duration;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }
}
