package sdx.chatops.slack;

import java.util.Set;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import sdx.chatops.tracing.Spans;

/**
 * The span of one Socket Mode envelope ({@code slack socket mode slash_commands}...), from Bolt to the
 * acknowledgement: what the HTTP server span of {@code POST /slack/events} is over HTTP, so that a
 * command or a click that came over the socket is the root of the same trace (the approval message's
 * delivery, the SDX submission). Slack sends no trace context, so it starts a trace of its own. The
 * envelope's type comes from Slack: only the known ones name a span.
 */
final class SocketModeEnvelopeSpan {

    private static final Set<String> KNOWN = Set.of(SocketModeMessages.SLASH_COMMANDS, SocketModeMessages.INTERACTIVE,
            SocketModeMessages.EVENTS_API);

    private SocketModeEnvelopeSpan() {
    }

    static Span start(Tracer tracer, String type) {
        String label = KNOWN.contains(type) ? type : "other";
        return tracer.spanBuilder("slack socket mode " + label).setParent(Context.root()).setSpanKind(SpanKind.SERVER)
                .setAttribute(Spans.SLACK_ENVELOPE_TYPE, label).startSpan();
    }
}
