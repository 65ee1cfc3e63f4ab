package sdx.chatops.testing;

import java.util.List;

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
}
