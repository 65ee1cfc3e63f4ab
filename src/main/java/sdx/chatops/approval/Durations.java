package sdx.chatops.approval;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in chat and in the policy file: one or more number-unit pairs,
 * largest unit first, e.g. {@code 90s}, {@code 30m}, {@code 4h}, {@code 1h30m}, {@code 2d}, {@code 1d12h}.
 * Units: {@code d}, {@code h}, {@code m}, {@code s}. Zero and negative durations are refused.
 */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,4})d)?(?:(\\d{1,5})h)?(?:(\\d{1,6})m)?(?:(\\d{1,7})s)?");

    private Durations() {
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = FORM.matcher(trimmed);
        if (trimmed.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 30m, 4h, 1h30m or 2d");
        }
        Duration duration = Duration.ofDays(number(m.group(1))).plusHours(number(m.group(2)))
                .plusMinutes(number(m.group(3))).plusSeconds(number(m.group(4)));
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is no time at all; a duration must be longer than zero");
        }
        return duration;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
