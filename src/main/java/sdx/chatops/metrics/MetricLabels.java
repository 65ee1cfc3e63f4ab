package sdx.chatops.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Metric label values from outcomes and kinds, the same spelling everywhere. */
public final class MetricLabels {

    private static final Pattern WORD_START = Pattern.compile("([a-z])([A-Z])");
    /** Names come from enums and outcome types, a small fixed set: each is spelled once. */
    private static final Map<String, String> SPELLED = new ConcurrentHashMap<>();

    private MetricLabels() {
    }

    /**
     * A label for an outcome or kind: {@code NotSent}, {@code THREAD_REPLY} and {@code job_status}
     * become {@code not_sent}, {@code thread_reply} and {@code job_status}.
     */
    public static String label(Object value) {
        String name = value instanceof Enum<?> e ? e.name()
                : value instanceof String s ? s : value.getClass().getSimpleName();
        return SPELLED.computeIfAbsent(name, n -> WORD_START.matcher(n).replaceAll("$1_$2").toLowerCase(Locale.ROOT));
    }
}
