package sdx.chatops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reading of metric names out of PromQL that DashboardAndAlertsFlowTest relies on: it must find every
 * metric, nothing else, and report a misspelt one.
 */
class PromQlTest {

    private static final String SCRAPE = """
            # HELP sdx_chatops_refusals_total Refusals
            # TYPE sdx_chatops_refusals_total counter
            sdx_chatops_refusals_total{reason="busy",surface="command"} 3.0
            sdx_chatops_decision_seconds_bucket{outcome="decided",le="0.1"} 1.0
            sdx_chatops_outbox_oldest_age_seconds 0.0
            http_server_requests_seconds_count{method="POST",uri="/slack/events"} 2.0
            """;

    @Test
    void findsTheMetricsAndNotLabelsFunctionsStringsRangesOrVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, outcome) "
                + "(rate(sdx_chatops_decision_seconds_bucket{namespace=\"$namespace\", pod=~\"$pod\"}[$__rate_interval])))"))
                        .containsExactly("sdx_chatops_decision_seconds_bucket");
        assertThat(PromQl.metricNames("(max by (namespace, job) (up{job=\"x\"}) == 0) or absent(up{job=\"x\"})"))
                .containsExactly("up");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m] offset 1h)) / ignoring(kind) group_left b_seconds_count"
                + " > bool 1e3 unless on(pod) c"))
                        .containsExactly("a_total", "b_seconds_count", "c");
        assertThat(PromQl.metricNames("label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)\") and max_over_time(y[1h:5m])"))
                .containsExactly("x", "y");
        assertThat(PromQl.functions("histogram_quantile(0.5, sum by (le) (rate(x_bucket[5m])))"))
                .containsExactly("histogram_quantile", "rate", "sum");
    }

    @Test
    void aMisspeltMetricIsReportedWithTheExpressionThatReadsIt() {
        String right = "sum by (reason) (rate(sdx_chatops_refusals_total{reason=\"busy\"}[10m]))";
        String misspelt = "max(sdx_chatops_outbox_oldest_age{namespace=\"chatops\"}) > 300";

        assertThat(PromQl.missing(List.of(right), SCRAPE)).isEmpty();
        assertThat(PromQl.missing(List.of(right, misspelt), SCRAPE))
                .containsOnlyKeys("sdx_chatops_outbox_oldest_age")
                .containsEntry("sdx_chatops_outbox_oldest_age", List.of(misspelt));
    }

    @Test
    void aMisspeltFunctionIsReportedAndPrometheusOwnSeriesAreNot() {
        assertThat(PromQl.missing(List.of("histogram_quantil(0.99, rate(sdx_chatops_decision_seconds_bucket[5m]))",
                "up{job=\"chatops-sdx-chatops\"} == 0"), SCRAPE)).containsOnlyKeys("function histogram_quantil(");
    }

    @Test
    void dashboardExpressionsAreEveryTargetAndEveryQueryVariable() throws Exception {
        String dashboard = """
                {"panels": [
                  {"type": "row", "panels": [{"targets": [{"expr": "inner_metric"}]}]},
                  {"type": "timeseries", "targets": [{"expr": "rate(a_total[5m])"}, {"expr": "b"}]}],
                 "templating": {"list": [
                  {"type": "datasource", "query": "prometheus"},
                  {"type": "query", "query": {"query": "label_values(c{namespace=\\"$namespace\\"}, pod)"}},
                  {"type": "query", "query": "label_values(namespace)"}]}}
                """;

        assertThat(PromQl.dashboardExpressions(new ObjectMapper().readTree(dashboard)))
                .containsExactly("inner_metric", "rate(a_total[5m])", "b", "c{namespace=\"$namespace\"}");
    }

    @Test
    void exportedNamesAreTheSampleNamesOfTheScrape() {
        assertThat(PromQl.exported(SCRAPE)).containsExactly("http_server_requests_seconds_count",
                "sdx_chatops_decision_seconds_bucket", "sdx_chatops_outbox_oldest_age_seconds",
                "sdx_chatops_refusals_total");
    }
}
