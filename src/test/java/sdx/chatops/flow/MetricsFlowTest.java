package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sdx.chatops.testing.MetricsTraffic.sample;
import static sdx.chatops.testing.MetricsTraffic.scrape;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.MetricsTraffic;
import sdx.chatops.testing.SlackRequests;

/**
 * What an operator sees on /q/metrics after real traffic: each moment people wait for is timed,
 * Slack and SDX calls by method and outcome, refusals by reason, Slack's 429s, and the store's
 * gauges. Every metric named in {@link BotMetrics} is exported, and the README lists each. The traffic
 * is {@link MetricsTraffic}'s, which DashboardAndAlertsFlowTest drives too.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class MetricsFlowTest {

    @BeforeEach
    void fakes() {
        MetricsTraffic.resetFakes();
    }

    /** The Prometheus names a Micrometer name may be scraped under (a gauge keeps it, a timer adds _seconds...). */
    static List<String> prometheusNames(String dotted) {
        String base = dotted.replace('.', '_');
        return List.of(base, base + "_total", base + "_seconds_count", base + "_seconds");
    }

    static Map<String, String> catalogue() throws IllegalAccessException {
        Map<String, String> names = new LinkedHashMap<>();
        for (Field field : BotMetrics.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Modifier.isPublic(field.getModifiers())
                    && field.getType() == String.class) {
                names.put(field.getName(), (String) field.get(null));
            }
        }
        return names;
    }

    @Test
    void aChangeFromCommandToCompletedIsTimedAtEachStepAndEachCall() {
        MetricsTraffic.completedChange(new Flow());
    }

    @Test
    void refusalsAreCountedByWhy() {
        MetricsTraffic.refusals(new Flow());
    }

    @Test
    void slacksRateLimitIsCountedAndTheCallOutcomeSaysSo() {
        MetricsTraffic.rateLimited(new Flow());
    }

    @Test
    void slackAcksAreAHistogramWithSlacksThreeSecondDeadlineAsABucket() {
        String slackEvents = "uri=\"/slack/events\"";
        double before = sample(scrape(), "http_server_requests_seconds_count", slackEvents, "status=\"200\"");
        Flow flow = new Flow();
        for (int i = 0; i < 3; i++) {
            flow.command(SlackRequests.REQUESTER, "help").then().statusCode(200);
        }

        // The server records a request just after its answer has gone out.
        double base = Double.isNaN(before) ? 0 : before;
        await().atMost(Duration.ofSeconds(5)).until(
                () -> sample(scrape(), "http_server_requests_seconds_count", slackEvents, "status=\"200\"") - base >= 3);
        String metrics = scrape();
        double count = sample(metrics, "http_server_requests_seconds_count", slackEvents, "status=\"200\"");
        assertThat(count - base).isEqualTo(3);
        assertThat(sample(metrics, "http_server_requests_seconds_bucket", slackEvents, "status=\"200\"", "le=\"3.0\""))
                .as("every ack within Slack's 3 s").isEqualTo(count);
        assertThat(sample(metrics, "http_server_requests_seconds_bucket", slackEvents, "status=\"200\"", "le=\"0.005\""))
                .as("the smallest bucket of the shared bounds").isBetween(0.0, count);
        assertThat(sample(metrics, "http_server_requests_seconds_bucket", slackEvents, "status=\"200\"", "le=\"+Inf\""))
                .isEqualTo(count);
    }

    @Test
    void storeAndHealthGaugesAreExported() {
        String metrics = scrape();
        for (String state : List.of("pending", "approved", "submitting", "unknown", "queued", "running")) {
            assertThat(metrics).contains("sdx_chatops_requests{state=\"" + state + "\"");
        }
        assertThat(sample(metrics, "sdx_chatops_outbox_open")).isGreaterThanOrEqualTo(0);
        assertThat(sample(metrics, "sdx_chatops_outbox_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(sample(metrics, "sdx_chatops_approvals_expiring")).isGreaterThanOrEqualTo(0);
        assertThat(sample(metrics, "sdx_chatops_jobs_silent")).isGreaterThanOrEqualTo(0);
        assertThat(sample(metrics, "sdx_chatops_sdx_breaker_open")).isZero();
        assertThat(sample(metrics, "sdx_chatops_slack_token_valid")).isEqualTo(1);
    }

    @Test
    void everyCataloguedMetricIsExportedAndListedInTheReadme() throws Exception {
        MetricsTraffic.everyKind();
        String metrics = scrape();
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (Map.Entry<String, String> metric : catalogue().entrySet()) {
            if (prometheusNames(metric.getValue()).stream().noneMatch(n -> Pattern.compile("(?m)^" + Pattern.quote(n) + "[{ ]")
                    .matcher(metrics).find())) {
                missing.add(metric.getKey() + " = " + metric.getValue());
            }
            if (!readme.contains("`" + metric.getValue() + "`")) {
                undocumented.add(metric.getValue());
            }
        }
        assertThat(missing).as("catalogued but not exported").isEmpty();
        assertThat(undocumented).as("exported but not in the README's metrics table").isEmpty();
    }
}
