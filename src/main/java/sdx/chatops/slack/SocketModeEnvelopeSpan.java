package sdx.chatops.slack;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import sdx.chatops.tracing.Spans;

/**
 * The span of one Socket Mode envelope ({@code slack socket mode slash_commands}...), from Bolt to the
 * acknowledgement: what the HTTP server span of {@code POST /slack/events} is over HTTP, so that a
 * command or a click that came over the socket is the root of the same trace (the approval message's
 * delivery, the SDX submission). Slack sends no trace context, so it starts a trace of its own.
 */
final class SocketModeEnvelopeSpan {

    private SocketModeEnvelopeSpan() {
    }

    /** {@code envelope} has passed {@link SocketModeMessages#read}: its type is one the bot handles. */
    static Span start(Tracer tracer, SocketModeMessages.Envelope envelope) {
        return tracer.spanBuilder("slack socket mode " + envelope.type()).setParent(Context.root())
                .setSpanKind(SpanKind.SERVER).setAttribute(Spans.SLACK_ENVELOPE_TYPE, envelope.type()).startSpan();
    }
}
