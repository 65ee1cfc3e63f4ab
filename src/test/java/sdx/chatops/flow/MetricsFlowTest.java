package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * What an operator sees on /q/metrics after real traffic: each moment people wait for is timed,
 * Slack and SDX calls by method and outcome, refusals by reason, Slack's 429s, and the store's
 * gauges. Every metric named in {@link BotMetrics} is exported, and the README lists each.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class MetricsFlowTest {

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-metrics", "idem-metrics");
    }

    private static String scrape() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample of {@code name} whose labels contain every {@code label="value"} given. */
    private static double sample(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([-+0-9.eENa]+)$").matcher(metrics);
        while (m.find()) {
            String set = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
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
        completedChange(new Flow());
    }

    private static void completedChange(Flow flow) {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), "completed").then().statusCode(200);
        flow.awaitThread(approval, 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(sample(metrics, "sdx_chatops_request_posted_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_decision_seconds_count", "outcome=\"decided\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_receipt_posted_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_status_posted_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_outbox_delay_seconds_count", "kind=\"approval_message\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_slack_calls_seconds_count", "method=\"chat.postMessage\"",
                    "outcome=\"ok\"")).isGreaterThanOrEqualTo(2);
            assertThat(sample(metrics, "sdx_chatops_slack_calls_seconds_count", "method=\"chat.update\"", "outcome=\"ok\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_sdx_calls_seconds_count", "method=\"queue\"", "outcome=\"ok\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sdx_chatops_sdx_calls_seconds_count", "method=\"sites\"", "outcome=\"ok\""))
                    .isGreaterThanOrEqualTo(1);
            // A histogram, so dashboards can take quantiles across replicas.
            assertThat(metrics).containsPattern("sdx_chatops_receipt_posted_seconds_bucket\\{[^}]*le=\"0\\.1\"");
        });
    }

    @Test
    void refusalsAreCountedByWhy() {
        refusals(new Flow());
    }

    private static void refusals(Flow flow) {
        double before = sample(scrape(), "sdx_chatops_refusals_total", "surface=\"command\"", "reason=\"unknown_site\"");
        flow.queue("no-such-router", "/ip address print").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sample(scrape(), "sdx_chatops_refusals_total", "surface=\"command\"", "reason=\"unknown_site\""))
                        .isEqualTo(Double.isNaN(before) ? 1 : before + 1));

        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(SlackRequests.REQUESTER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sample(scrape(), "sdx_chatops_refusals_total", "surface=\"click\"", "reason=\"self_approval\""))
                        .isGreaterThanOrEqualTo(1));
    }

    @Test
    void slacksRateLimitIsCountedAndTheCallOutcomeSaysSo() {
        rateLimited(new Flow());
    }

    private static void rateLimited(Flow flow) {
        Fakes.slack().failIn(flow.channel, "chat.postMessage", 1, 429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                Map.of("Retry-After", "1"));
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        flow.awaitApprovalMessage();
        String metrics = scrape();
        assertThat(sample(metrics, "sdx_chatops_slack_rate_limited_total", "method=\"chat.postMessage\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics, "sdx_chatops_slack_calls_seconds_count", "method=\"chat.postMessage\"",
                "outcome=\"ratelimited\"")).isGreaterThanOrEqualTo(1);
    }

    /** A queued job cancelled in SDX by an approver. */
    private static void cancelled(Flow flow) {
        Fakes.sdx().stubFor(WireMock.delete(WireMock.urlEqualTo("/site/" + SdxStubs.CORE_ID
                + "/job/00000000-0000-0000-0000-000000000001")).willReturn(WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), "pending").then().statusCode(200);
        flow.awaitThread(approval, 2);
        assertThat(flow.command(Fakes.APPROVER, "cancel " + Flow.code(approval)).then().statusCode(200).extract()
                .jsonPath().getString("text")).contains("SDX cancelled the job");
        assertThat(sample(scrape(), "sdx_chatops_sdx_cancel_requests_total", "outcome=\"cancelled\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(scrape(), "sdx_chatops_sdx_calls_seconds_count", "method=\"cancel\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(1);
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
        // Traffic that touches every metric at least once.
        completedChange(new Flow());
        refusals(new Flow());
        rateLimited(new Flow());
        cancelled(new Flow());
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
