package sdx.chatops.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * Traffic that makes the bot under test record its metrics, and the scrape that shows them: a change from
 * command to completed job, refusals, a Slack 429, a cancelled job. Each step waits for the metrics it
 * touches, so that after {@link #everyKind()} every metric of the bot exists on {@code /q/metrics}.
 * For {@code @QuarkusTest} classes with {@link Fakes}; call {@link #resetFakes()} before each test.
 */
public final class MetricsTraffic {

    private MetricsTraffic() {
    }

    /** SDX knows the test sites and accepts jobs on the core router; Slack has no faults. */
    public static void resetFakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-metrics", "idem-metrics");
    }

    /** The bot's {@code /q/metrics}, in Prometheus's text format. */
    public static String scrape() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the first sample of {@code name} whose labels contain every {@code label="value"} given. */
    public static double sample(String metrics, String name, String... labels) {
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

    /** Traffic that touches every metric of the bot at least once. */
    public static void everyKind() {
        completedChange(new Flow());
        refusals(new Flow());
        rateLimited(new Flow());
        cancelled(new Flow());
    }

    /** A change from command to SDX's "completed", each step and each call timed. */
    public static void completedChange(Flow flow) {
        flow.queuedAndReported("completed");

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

    /** A command for an unknown site and a requester approving their own request, each refused and counted. */
    public static void refusals(Flow flow) {
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

    /** Slack answers one approval message with 429; the bot counts it and retries. */
    public static void rateLimited(Flow flow) {
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
    public static void cancelled(Flow flow) {
        Fakes.sdx().stubFor(WireMock.delete(WireMock.urlEqualTo("/site/" + SdxStubs.CORE_ID
                + "/job/00000000-0000-0000-0000-000000000001")).willReturn(WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
        FakeSlack.Message approval = flow.queuedAndReported("pending");
        assertThat(flow.command(Fakes.APPROVER, "cancel " + Flow.code(approval)).then().statusCode(200).extract()
                .jsonPath().getString("text")).contains("SDX cancelled the job");
        assertThat(sample(scrape(), "sdx_chatops_sdx_cancel_requests_total", "outcome=\"cancelled\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(scrape(), "sdx_chatops_sdx_calls_seconds_count", "method=\"cancel\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(1);
    }
}
