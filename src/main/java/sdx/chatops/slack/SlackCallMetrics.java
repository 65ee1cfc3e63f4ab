package sdx.chatops.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import okhttp3.Interceptor;
import okhttp3.Response;
import sdx.chatops.metrics.BotMetrics;

/**
 * Times (and traces, {@link SlackCallSpan}) every call the Slack SDK makes (Web API methods and
 * response_url posts) by method and outcome, counts Slack's 429s, and keeps whether Slack still
 * accepts the bot token. Outcomes are
 * Slack's own error codes ({@code ok}, {@code ratelimited}, {@code invalid_auth}...), {@code http_<status>}
 * when there is no JSON answer, or {@code no_answer}; anything not shaped like one is {@code other},
 * so no label value comes from outside unchecked.
 */
final class SlackCallMetrics implements Interceptor {

    private static final Pattern METHOD = Pattern.compile("[a-zA-Z]+(\\.[a-zA-Z]+){1,3}");
    private static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]{1,40})\"");
    private static final Pattern OK = Pattern.compile("\"ok\"\\s*:\\s*true");
    private static final Set<String> TOKEN_REFUSED = Set.of("invalid_auth", "not_authed", "token_revoked",
            "token_expired", "account_inactive");

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final String apiPrefix;
    /** 1: Slack accepts the token; 0: it refused it at the last call; -1: not known yet. */
    private final AtomicInteger tokenValid = new AtomicInteger(-1);

    SlackCallMetrics(MeterRegistry registry, Tracer tracer, String apiPrefix) {
        this.registry = registry;
        this.tracer = tracer;
        this.apiPrefix = apiPrefix;
        Gauge.builder(BotMetrics.SLACK_TOKEN_VALID, tokenValid, v -> v.get() < 0 ? Double.NaN : v.get())
                .description("1 while Slack accepts the bot token, 0 once it refused it").register(registry);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String method = method(chain.request().url().toString());
        Span span = SlackCallSpan.start(tracer, method, chain.request().url());
        long start = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            BotMetrics.record(registry, BotMetrics.SLACK_CALLS, Duration.ofNanos(System.nanoTime() - start), "method", method,
                    "outcome", "no_answer");
            SlackCallSpan.end(span, "no_answer", 0);
            throw e;
        }
        String outcome = outcome(response);
        SlackCallSpan.end(span, outcome, response.code());
        BotMetrics.record(registry, BotMetrics.SLACK_CALLS, Duration.ofNanos(System.nanoTime() - start), "method", method,
                "outcome", outcome);
        if (response.code() == 429) {
            registry.counter(BotMetrics.SLACK_RATE_LIMITED, "method", method).increment();
        }
        if (!"response_url".equals(method)) {
            if (TOKEN_REFUSED.contains(outcome)) {
                tokenValid.set(0);
            } else if ("ok".equals(outcome)) {
                tokenValid.set(1);
            }
        }
        return response;
    }

    /** The Web API method ({@code chat.postMessage}), or {@code response_url} for anything else the SDK posts to. */
    String method(String url) {
        if (!url.startsWith(apiPrefix)) {
            return "response_url";
        }
        String rest = url.substring(apiPrefix.length());
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        return METHOD.matcher(name).matches() && name.length() <= 60 ? name : "other";
    }

    private static String outcome(Response response) throws IOException {
        if (response.code() == 429) {
            return "ratelimited";
        }
        String body = response.peekBody(2_048).string();
        if (OK.matcher(body).find()) {
            return "ok";
        }
        Matcher error = ERROR.matcher(body);
        if (error.find()) {
            return error.group(1);
        }
        return response.isSuccessful() ? (body.trim().equals("ok") || body.isBlank() ? "ok" : "other")
                : "http_" + response.code();
    }
}
