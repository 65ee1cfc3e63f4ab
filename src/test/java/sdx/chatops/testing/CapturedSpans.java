package sdx.chatops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Every span the bot ends, kept in memory for the test. A CDI {@code SpanProcessor}, which Quarkus adds
 * next to its OTLP exporter (a CDI {@code SpanExporter} would replace that one). Present in every
 * {@code @QuarkusTest}: where tracing is off it must stay empty.
 */
@ApplicationScoped
public class CapturedSpans {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanProcessor capture() {
        return SimpleSpanProcessor.create(exporter);
    }

    public List<SpanData> finished() {
        return exporter.getFinishedSpanItems();
    }

    public Optional<SpanData> find(Predicate<SpanData> wanted) {
        return new ArrayList<>(finished()).stream().filter(wanted).findFirst();
    }

    /** The first finished span that matches, waiting up to 10 s for it. */
    public SpanData await(Predicate<SpanData> wanted) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> find(wanted).isPresent());
        return find(wanted).orElseThrow();
    }

    /** The finished spans of one trace, by span id. */
    public Map<String, SpanData> trace(String traceId) {
        Map<String, SpanData> byId = new HashMap<>();
        new ArrayList<>(finished()).stream().filter(span -> span.getTraceId().equals(traceId))
                .forEach(span -> byId.put(span.getSpanId(), span));
        return byId;
    }

    /** Span ids from the span's parent up to its root; fails if a parent was never exported. */
    public static List<String> ancestors(SpanData span, Map<String, SpanData> trace) {
        List<String> ids = new ArrayList<>();
        SpanData current = span;
        while (current.getParentSpanContext().isValid()) {
            String parent = current.getParentSpanId();
            ids.add(parent);
            current = trace.get(parent);
            assertThat(current).as("parent " + parent + " of a span in the trace").isNotNull();
        }
        return ids;
    }

    public static SpanData root(SpanData span, Map<String, SpanData> trace) {
        List<String> ids = ancestors(span, trace);
        return ids.isEmpty() ? span : trace.get(ids.get(ids.size() - 1));
    }
}
