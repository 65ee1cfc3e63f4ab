package sdx.chatops.metrics;

import java.time.Duration;
import java.util.Arrays;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Histogram buckets for Quarkus's {@code http.server.requests} timer, which it registers without
 * any: the bot's shared bounds plus Slack's 3 s deadline, so that the dashboard can show the p99 of
 * Slack's acks and how many came too late ({@code le="3.0"}). The timer's {@code uri} tag is the
 * route template, so the series stay few.
 */
public class HttpServerBuckets {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    /** Slack gives up on an answer after 3 s. */
    static final Duration SLACK_DEADLINE = Duration.ofSeconds(3);

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        double[] nanos = Arrays.stream(BotMetrics.buckets(SLACK_DEADLINE)).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
