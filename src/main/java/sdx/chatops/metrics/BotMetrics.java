package sdx.chatops.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Every metric of the bot's own, named in one place. Names follow Micrometer's dotted convention;
 * the Prometheus endpoint spells them with underscores and adds the unit ({@code _seconds}) or
 * {@code _total}, e.g. {@code sdx.chatops.request.posted} is scraped as
 * {@code sdx_chatops_request_posted_seconds_bucket/_count/_sum}. The README lists them with their
 * tags; the chart's dashboard and alerts use them, and a test checks each name against a live scrape.
 */
public final class BotMetrics {

    /** Timer: a request stored (the slash command or the form) until its approval message is in Slack. */
    public static final String REQUEST_POSTED = "sdx.chatops.request.posted";
    /** Timer, tag {@code outcome}: a button click received until its decision is stored (or refused). */
    public static final String DECISION = "sdx.chatops.decision";
    /** Timer: the deciding approval until SDX's receipt is posted in the request's thread. */
    public static final String RECEIPT_POSTED = "sdx.chatops.receipt.posted";
    /** Timer: a job status recorded (callback or poll) until it is posted in the thread. */
    public static final String STATUS_POSTED = "sdx.chatops.status.posted";
    /** Timer, tag {@code kind}: any outbox entry, recorded until delivered to Slack. */
    public static final String OUTBOX_DELAY = "sdx.chatops.outbox.delay";
    /** Timer, tags {@code method}, {@code outcome}: every Slack Web API call and response_url post. */
    public static final String SLACK_CALLS = "sdx.chatops.slack.calls";
    /** Counter, tag {@code method}: Slack answered 429 (rate limited). */
    public static final String SLACK_RATE_LIMITED = "sdx.chatops.slack.rate.limited";
    /** Counter, tags {@code kind}, {@code outcome}: outbox deliveries. */
    public static final String SLACK_DELIVERIES = "sdx.chatops.slack.deliveries";
    /** Timer, tags {@code method}, {@code outcome}: every SDX API call. */
    public static final String SDX_CALLS = "sdx.chatops.sdx.calls";
    /** Counter, tag {@code outcome}: job submissions. */
    public static final String SDX_QUEUE_REQUESTS = "sdx.chatops.sdx.queue.requests";
    /** Counter, tag {@code outcome}: job cancellations. */
    public static final String SDX_CANCEL_REQUESTS = "sdx.chatops.sdx.cancel.requests";
    /** Gauge: 1 while SDX calls are paused after repeated failures (the breaker is open), else 0. */
    public static final String SDX_BREAKER_OPEN = "sdx.chatops.sdx.breaker.open";
    /** Counter, tags {@code surface} (command, click, form), {@code reason}: requests refused, and why. */
    public static final String REFUSALS = "sdx.chatops.refusals";
    /** Gauge: outbox entries recorded but not yet delivered (all replicas). */
    public static final String OUTBOX_OPEN = "sdx.chatops.outbox.open";
    /** Gauge, seconds: how long the oldest undelivered outbox entry has waited. */
    public static final String OUTBOX_OLDEST_AGE = "sdx.chatops.outbox.oldest.age";
    /** Gauge, tag {@code state}: requests in each open state (all replicas). */
    public static final String REQUESTS = "sdx.chatops.requests";
    /** Gauge: pending requests whose approval expires within 15 minutes. */
    public static final String APPROVALS_EXPIRING = "sdx.chatops.approvals.expiring";
    /** Gauge: queued or running jobs with no status from SDX for longer than the callback grace. */
    public static final String JOBS_SILENT = "sdx.chatops.jobs.silent";
    /** Gauge: 1 while Slack accepts the bot token (auth.test and every call since), else 0. */
    public static final String SLACK_TOKEN_VALID = "sdx.chatops.slack.token.valid";

    /** Bucket bounds of every latency histogram: from an ack's milliseconds to a slow job's minutes. */
    private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5) };

    private BotMetrics() {
    }

    /** The shared bucket bounds plus {@code extra} ones, in order. */
    static Duration[] buckets(Duration... extra) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(BUCKETS), java.util.Arrays.stream(extra)).distinct()
                .sorted().toArray(Duration[]::new);
    }

    /** A latency timer with the shared buckets (for {@code histogram_quantile}) and tags as name/value pairs. */
    public static Timer latency(MeterRegistry registry, String name, String... tags) {
        return Timer.builder(name).tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** Records {@code elapsed} when it is a real duration (a clock step backwards records nothing). */
    public static void record(MeterRegistry registry, String name, Duration elapsed, String... tags) {
        if (elapsed != null && !elapsed.isNegative()) {
            latency(registry, name, tags).record(elapsed);
        }
    }

    /** Counts one refusal: what was refused ({@code surface}) and why, as a label. */
    public static void refused(MeterRegistry registry, String surface, Object reason) {
        registry.counter(REFUSALS, "surface", surface, "reason", MetricLabels.label(reason)).increment();
    }
}
