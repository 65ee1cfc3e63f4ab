package sdx.chatops.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A trace context as it is kept in the store: the W3C {@code traceparent} and {@code tracestate} of
 * the moment some work was recorded (an outbox entry, a job sent to SDX), so that whoever does the
 * work later, on another thread, replica or after a restart, continues the same trace. What is read
 * back is outside input: anything not shaped like a W3C traceparent is dropped, and the work gets a
 * trace of its own.
 */
public record StoredTrace(String traceparent, String tracestate) {

    /** version 00: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    /** The W3C limit for tracestate (32 members of at most 256 characters is more than any vendor sends). */
    static final int MAX_TRACESTATE = 512;
    private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7e]*");

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The trace of the current context, or null when there is none (tracing off, or no span around). */
    public static StoredTrace current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return of(carrier.get("traceparent"), carrier.get("tracestate"));
    }

    /** What the store read back, or null when there is no usable traceparent. */
    public static StoredTrace of(String traceparent, String tracestate) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return null;
        }
        boolean stateUsable = tracestate != null && !tracestate.isEmpty() && tracestate.length() <= MAX_TRACESTATE
                && TRACESTATE.matcher(tracestate).matches();
        return new StoredTrace(traceparent, stateUsable ? tracestate : null);
    }

    /** The stored trace as a parent context; the root context when {@code trace} is null or not valid. */
    public static Context parent(StoredTrace trace) {
        if (trace == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", trace.traceparent());
        if (trace.tracestate() != null) {
            carrier.put("tracestate", trace.tracestate());
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : Context.root();
    }
}
