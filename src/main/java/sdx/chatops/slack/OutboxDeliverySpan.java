package sdx.chatops.slack;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.store.OutboxEntry;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.tracing.Spans;
import sdx.chatops.tracing.StoredTrace;

/**
 * The span of one delivery attempt of an outbox entry ({@code outbox deliver}): a child of the trace
 * the entry was written in (the command, click or callback that caused it), however much later and on
 * whichever replica it is delivered; a root span when the entry has no usable stored trace. The Slack
 * calls it makes ({@link SlackCallSpan}) are its children.
 */
final class OutboxDeliverySpan {

    private OutboxDeliverySpan() {
    }

    static Span start(Tracer tracer, OutboxEntry entry, ChangeRequest request) {
        return tracer.spanBuilder("outbox deliver").setParent(StoredTrace.parent(entry.trace()))
                .setSpanKind(SpanKind.INTERNAL).setAttribute(Spans.OUTBOX_KIND, SlackOutboxWorker.kind(entry.notice()))
                .setAttribute(Spans.OUTBOX_ATTEMPT, entry.attempts() + 1L).setAttribute(Spans.REQUEST_CODE, request.code())
                .setAttribute(Spans.SLACK_CHANNEL, SlackDelivery.channelOf(entry.notice(), request)).startSpan();
    }

    static void end(Span span, OutboxStore.Done done) {
        if (done instanceof OutboxStore.Done.Retry) {
            span.setAttribute(Spans.OUTCOME, "retry");
        } else if (done instanceof OutboxStore.Done.Failed) {
            span.setAttribute(Spans.OUTCOME, "give_up");
            span.setStatus(StatusCode.ERROR, "given up");
        } else {
            span.setAttribute(Spans.OUTCOME, "delivered");
        }
        span.end();
    }
}
