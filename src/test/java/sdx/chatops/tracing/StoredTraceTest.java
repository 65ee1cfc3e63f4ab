package sdx.chatops.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

class StoredTraceTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

    @Test
    void theCurrentSpansContextIsStoredAndRestoredAsTheParent() {
        SpanContext span = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "value").build());
        StoredTrace stored;
        try (Scope scope = Span.wrap(span).makeCurrent()) {
            stored = StoredTrace.current();
        }
        assertThat(stored).isEqualTo(new StoredTrace(TRACEPARENT, "vendor=value"));

        SpanContext parent = Span.fromContext(StoredTrace.parent(stored)).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(parent.getSpanId()).isEqualTo(SPAN_ID);
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceState().get("vendor")).isEqualTo("value");
    }

    @Test
    void nothingIsStoredWithoutASpan() {
        assertThat(StoredTrace.current()).isNull();
        assertThat(StoredTrace.parent(null)).isSameAs(Context.root());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "00-'; DROP TABLE outbox; --", "01-" + TRACE_ID + "-" + SPAN_ID + "-01",
            "00-" + TRACE_ID + "-" + SPAN_ID + "-01-extra", "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN_ID + "-01",
            "00-" + TRACE_ID + "-" + SPAN_ID })
    void aStoredTraceparentNotShapedLikeOneIsDropped(String traceparent) {
        assertThat(StoredTrace.of(traceparent, "vendor=value")).isNull();
    }

    @Test
    void aWellShapedTraceparentWithInvalidIdsGivesNoParent() {
        StoredTrace zeros = StoredTrace.of("00-00000000000000000000000000000000-0000000000000000-01", null);
        assertThat(Span.fromContext(StoredTrace.parent(zeros)).getSpanContext().isValid()).isFalse();
    }

    @Test
    void anOversizedOrUnprintableTracestateIsDroppedAndTheTraceparentKept() {
        assertThat(StoredTrace.of(TRACEPARENT, "a=" + "b".repeat(StoredTrace.MAX_TRACESTATE))).isEqualTo(
                new StoredTrace(TRACEPARENT, null));
        assertThat(StoredTrace.of(TRACEPARENT, "a=b\nc=d")).isEqualTo(new StoredTrace(TRACEPARENT, null));
    }
}
