package sdx.chatops.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the metric names out of PromQL, as the chart's dashboard and alert rules write it, to hold them
 * against what the bot really exports. Not a parser: it removes what cannot name a metric (strings, label
 * matchers, ranges, grouping labels, Grafana variables, numbers) and keeps every identifier that is not a
 * function, an aggregation or a keyword. Function names are kept apart and checked against PromQL's own.
 */
public final class PromQl {

    /** Series that Prometheus makes itself, never in a scrape. */
    public static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    /** PromQL's functions and aggregation operators. */
    public static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
            "asinh", "atan", "atanh", "avg", "avg_over_time", "bottomk", "ceil", "changes", "clamp", "clamp_max",
            "clamp_min", "cos", "cosh", "count", "count_over_time", "count_values", "day_of_month", "day_of_week",
            "day_of_year", "days_in_month", "deg", "delta", "deriv", "exp", "floor", "group", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "holt_winters", "hour", "idelta", "increase", "irate", "label_join", "label_replace",
            "last_over_time", "ln", "log10", "log2", "mad_over_time", "max", "max_over_time", "min", "min_over_time",
            "minute", "month", "pi", "predict_linear", "present_over_time", "quantile", "quantile_over_time", "rad",
            "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label", "sort_by_label_desc",
            "sort_desc", "sqrt", "stddev", "stddev_over_time", "stdvar", "stdvar_over_time", "sum", "sum_over_time",
            "tan", "tanh", "time", "timestamp", "topk", "vector", "year");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "atan2", "inf", "nan");

    private static final Pattern STRING = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
    /** An identifier that does not continue a number or a longer name ({@code 1e3}, {@code 5m} are not names). */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    /** Grafana's {@code label_values(query, label)} and {@code label_values(label)} variable queries. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern LABEL_VALUES_ONLY = Pattern.compile("^\\s*label_values\\(\\s*\\w+\\s*\\)\\s*$");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private PromQl() {
    }

    /** The metric names an expression reads. */
    public static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped(expr));
        while (m.find()) {
            if (m.group(2) == null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The functions and aggregations an expression calls. */
    public static Set<String> functions(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped(expr));
        while (m.find()) {
            if (m.group(2) != null && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static String stripped(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        String before;
        do { // subqueries may nest ranges: [5m:1m] inside (…)[1h:]
            before = s;
            s = RANGE.matcher(s).replaceAll(" ");
        } while (!s.equals(before));
        s = GROUPING.matcher(s).replaceAll(" ");
        return VARIABLE.matcher(s).replaceAll(" ");
    }

    /** The metric names of a Prometheus text-format scrape. */
    public static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Each metric name the expressions read that the scrape does not have (except Prometheus's own series),
     * with the expressions that read it; each unknown function likewise, as {@code function name(}.
     */
    public static Map<String, List<String>> missing(Collection<String> expressions, String scrape) {
        Set<String> exported = exported(scrape);
        Map<String, List<String>> missing = new TreeMap<>();
        for (String expr : expressions) {
            for (String name : metricNames(expr)) {
                if (!exported.contains(name) && !MADE_BY_PROMETHEUS.contains(name)) {
                    missing.computeIfAbsent(name, n -> new ArrayList<>()).add(expr);
                }
            }
            for (String function : functions(expr)) {
                if (!FUNCTIONS.contains(function)) {
                    missing.computeIfAbsent("function " + function + "(", n -> new ArrayList<>()).add(expr);
                }
            }
        }
        return missing;
    }

    /**
     * Every PromQL expression of a Grafana dashboard: each panel's targets (rows' panels included) and each
     * query variable (the query of {@code label_values(query, label)}).
     */
    public static List<String> dashboardExpressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panelExpressions(panel, expressions);
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                if (labelValues.matches()) {
                    expressions.add(labelValues.group(1));
                } else if (!LABEL_VALUES_ONLY.matcher(text).matches() && !text.isBlank()) {
                    expressions.add(text);
                }
            }
        }
        return expressions;
    }

    private static void panelExpressions(JsonNode panel, List<String> expressions) {
        for (JsonNode target : panel.path("targets")) {
            if (target.hasNonNull("expr")) {
                expressions.add(target.get("expr").asText());
            }
        }
        for (JsonNode inner : panel.path("panels")) {
            panelExpressions(inner, expressions);
        }
    }
}
