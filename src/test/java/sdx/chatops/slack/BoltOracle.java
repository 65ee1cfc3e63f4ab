package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;

/**
 * What a request the bot builds for Bolt must share with the one Bolt's own parser makes of the
 * same body, besides the payload (compared by each test with its own type): the context (the same
 * Slack instance, the app's bot token), the client address, the transport (HTTP or Socket Mode) and
 * the raw body.
 */
final class BoltOracle {

    private BoltOracle() {
    }

    /** A form post's headers, with a forwarded client address (either spelling) or none. */
    static Map<String, List<String>> randomHeaders(Random random) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        if (random.nextBoolean()) {
            headers.put(random.nextBoolean() ? "X-Forwarded-For" : "x-forwarded-for", List.of("10.0.0." + random.nextInt(255)));
        }
        return headers;
    }

    /** What Bolt's own parser makes of a body posted to /slack/events. */
    static Request<?> boltsReading(AppConfig config, String body, Map<String, List<String>> headers) {
        return new SlackRequestParser(config).parse(SlackRequestParser.HttpRequest.builder().requestUri("/slack/events")
                .requestBody(body).headers(new RequestHeaders(headers)).build());
    }

    static void assertSameRequest(Request<?> ours, Request<?> bolts, String description) {
        assertThat(ours.getContext()).as(description).usingRecursiveComparison().ignoringFields("slack", "logger")
                .isEqualTo(bolts.getContext());
        assertThat(ours.getContext().getSlack()).isSameAs(bolts.getContext().getSlack());
        assertThat(ours.getContext().getBotToken()).isEqualTo("xoxb-test");
        assertThat(ours.getClientIpAddress()).isEqualTo(bolts.getClientIpAddress());
        assertThat(ours.isSocketMode()).isEqualTo(bolts.isSocketMode());
        assertThat(ours.getRequestType()).isEqualTo(bolts.getRequestType());
        assertThat(ours.getRequestBodyAsString()).isEqualTo(bolts.getRequestBodyAsString());
        assertThat(ours.getQueryString()).isEqualTo(bolts.getQueryString());
    }
}
