package sdx.chatops.callbacks;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import sdx.chatops.approval.RecordJobStatus;
import sdx.chatops.store.JobTraces;
import sdx.chatops.tracing.BotTracer;
import sdx.chatops.tracing.Spans;
import sdx.chatops.tracing.StoredTrace;

/**
 * The span an SDX callback is processed in ({@code sdx callback}). SDX sends no trace header, so the
 * callback's HTTP server span starts a trace of its own; this span continues the trace the job was
 * submitted in instead (the Approve click's), with a link back to that server span, so approval, SDX
 * submission, callback and the status posted to Slack read as one trace. When nothing usable is stored
 * for the job it is a child of the server span. With tracing off it is a no-op and costs no lookup.
 */
@ApplicationScoped
public class CallbackSpan {

    private final Tracer tracer;
    private final JobTraces jobTraces;

    @Inject
    public CallbackSpan(BotTracer tracer, JobTraces jobTraces) {
        this.tracer = tracer.get();
        this.jobTraces = jobTraces;
    }

    /** Starts the span for a callback with this (well-shaped) token. */
    Span start(String token) {
        SpanContext server = Span.current().getSpanContext();
        if (!server.isValid()) {
            return Span.getInvalid();
        }
        Optional<JobTraces.JobTrace> job = jobTraces.ofNotifyToken(token);
        Context submitted = StoredTrace.parent(job.map(JobTraces.JobTrace::trace).orElse(null));
        SpanBuilder span = tracer.spanBuilder("sdx callback").setSpanKind(SpanKind.INTERNAL);
        if (Span.fromContext(submitted).getSpanContext().isValid()) {
            span.setParent(submitted).addLink(server);
        } else {
            span.setParent(Context.current());
        }
        job.ifPresent(j -> span.setAttribute(Spans.REQUEST_CODE, j.requestCode()));
        return span.startSpan();
    }

    /** Ends the span with what became of the callback (null: it failed). */
    static void end(Span span, RecordJobStatus.Result result) {
        span.setAttribute(Spans.OUTCOME, result == null ? "error" : result.name().toLowerCase(Locale.ROOT));
        span.end();
    }
}
