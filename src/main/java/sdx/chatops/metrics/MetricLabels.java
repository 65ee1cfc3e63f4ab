package sdx.chatops.metrics;

import java.util.Locale;

/** Metric label values from outcomes and kinds, the same spelling everywhere. */
public final class MetricLabels {

    private MetricLabels() {
    }

    /**
     * A label for an outcome or kind: {@code NotSent}, {@code THREAD_REPLY} and {@code job_status}
     * become {@code not_sent}, {@code thread_reply} and {@code job_status}.
     */
    public static String label(Object value) {
        String name = value instanceof Enum<?> e ? e.name()
                : value instanceof String s ? s : value.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
