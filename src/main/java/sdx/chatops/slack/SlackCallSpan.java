package sdx.chatops.slack;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import okhttp3.HttpUrl;
import sdx.chatops.tracing.Spans;

/**
 * The CLIENT span of one Slack call ({@code slack chat.postMessage}), made where the calls are timed
 * ({@link SlackCallMetrics}): the SDK's OkHttp client is not instrumented by itself. Its attributes are
 * the method, the host and the outcome; never the URL (a response_url is a credential), a token or
 * what was posted. No trace header goes to Slack.
 */
final class SlackCallSpan {

    private SlackCallSpan() {
    }

    static Span start(Tracer tracer, String method, HttpUrl url) {
        return tracer.spanBuilder("slack " + method).setSpanKind(SpanKind.CLIENT).setAttribute(Spans.SLACK_METHOD, method)
                .setAttribute("server.address", url.host()).startSpan();
    }

    /** Ends the span with Slack's outcome ({@code ok}, {@code ratelimited}, {@code channel_not_found}...). */
    static void end(Span span, String outcome, int httpStatus) {
        span.setAttribute(Spans.OUTCOME, outcome);
        if (httpStatus > 0) {
            span.setAttribute("http.response.status_code", httpStatus);
        }
        if (!"ok".equals(outcome)) {
            span.setStatus(StatusCode.ERROR, outcome);
        }
        span.end();
    }
}
