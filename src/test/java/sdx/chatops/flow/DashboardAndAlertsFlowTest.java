package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.HelmChart;
import sdx.chatops.testing.MetricsTraffic;
import sdx.chatops.testing.PromQl;

/**
 * The chart's Grafana dashboard and alert rules ask Prometheus only for metrics the bot really exports: after
 * traffic that touches every metric, each metric name in the rendered dashboard ConfigMap and PrometheusRule
 * is on the bot's live {@code /q/metrics} (except {@code up}, which Prometheus makes). A renamed metric or a
 * typo in a panel or a rule fails here rather than leaving an empty panel or an alert that never fires.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class DashboardAndAlertsFlowTest {

    private static final String MONITORING = """
            secrets: {slackBotToken: xoxb-test-token, slackSigningSecret: test-signing-secret, sdxApiToken: test-sdx-token}
            config: {publicUrl: https://chatops.example.com}
            grafanaDashboard: {enabled: true}
            prometheusRule: {enabled: true}
            """;

    @BeforeEach
    void fakes() {
        MetricsTraffic.resetFakes();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExportedByTheBot() throws Exception {
        List<String> dashboard = dashboardExpressions();
        List<String> rules = ruleExpressions();
        assertThat(dashboard).hasSizeGreaterThan(30);
        assertThat(rules).hasSize(8);

        MetricsTraffic.everyKind();
        // The GC pause timer appears with the first collection; do not leave that to chance. The JVM
        // reports a collection to Micrometer's listener on a thread of its own, a moment later (a
        // scrape right after System.gc() missed it once in CI).
        System.gc();
        String scrape = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(MetricsTraffic::scrape, text -> text.contains("jvm_gc_pause_seconds_sum"));

        assertThat(PromQl.missing(dashboard, scrape)).as("read by the dashboard but not exported by the bot").isEmpty();
        assertThat(PromQl.missing(rules, scrape)).as("read by the alert rules but not exported by the bot").isEmpty();
        // The comparison can fail: the outbox alert with its metric misspelt is caught against the same scrape.
        List<String> misspelt = rules.stream().map(e -> e.replace("sdx_chatops_outbox_oldest_age_seconds",
                "sdx_chatops_outbox_oldest_age")).toList();
        assertThat(PromQl.missing(misspelt, scrape)).containsOnlyKeys("sdx_chatops_outbox_oldest_age");
    }

    /** The PromQL of the dashboard as the chart renders it into its ConfigMap. */
    private static List<String> dashboardExpressions() throws Exception {
        Map<String, Object> configMap = rendered("ConfigMap", HelmChart.FULLNAME + "-dashboard");
        String json = (String) ((Map<?, ?>) configMap.get("data")).get("sdx-chatops.json");
        JsonNode dashboard = new ObjectMapper().readTree(json);
        return PromQl.dashboardExpressions(dashboard);
    }

    /** The expression of every alert in the rendered PrometheusRule. */
    private static List<String> ruleExpressions() {
        Map<String, Object> rule = rendered("PrometheusRule", HelmChart.FULLNAME);
        List<String> expressions = new ArrayList<>();
        for (Object group : (List<?>) ((Map<?, ?>) rule.get("spec")).get("groups")) {
            for (Object alert : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add((String) ((Map<?, ?>) alert).get("expr"));
            }
        }
        return expressions;
    }

    private static Map<String, Object> rendered(String kind, String name) {
        List<Map<String, Object>> matches = HelmChart.objects(MONITORING).stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(((Map<?, ?>) o.get("metadata")).get("name")))
                .toList();
        assertThat(matches).as("rendered %s %s", kind, name).hasSize(1);
        return matches.get(0);
    }
}
