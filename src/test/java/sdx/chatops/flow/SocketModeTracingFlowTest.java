package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.slack.SlackSocketMode;
import sdx.chatops.testing.CapturedSpans;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.InSocketModeWithTracing;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;
import sdx.chatops.tracing.Spans;

/**
 * Tracing in Socket Mode: a command or a click that came over the socket has no HTTP span, so the
 * envelope's own span ({@code slack socket mode …}) is the root of its trace, as {@code POST
 * /slack/events} is over HTTP ({@link TracingFlowTest}).
 */
@QuarkusTest
@TestProfile(InSocketModeWithTracing.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SocketModeTracingFlowTest {

    private static final AttributeKey<String> REQUEST_CODE = AttributeKey.stringKey(Spans.REQUEST_CODE);
    private static final AttributeKey<String> KIND = AttributeKey.stringKey(Spans.OUTBOX_KIND);
    private static final AttributeKey<String> ENVELOPE_TYPE = AttributeKey.stringKey(Spans.SLACK_ENVELOPE_TYPE);

    private final Flow flow = new Flow();

    @Inject
    CapturedSpans spans;

    @Inject
    @Readiness
    SlackSocketMode socketMode;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        Fakes.slack().clearFaults();
        await().atMost(Duration.ofSeconds(20)).until(socketMode::connected);
    }

    @Test
    void commandAndClickOverTheSocketAreTheRootsOfTheirTraces() {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-socket-trace", "idem-socket-trace");
        JsonNode ack = SocketModeFlowTest.command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");
        assertThat(ack.path("payload").path("text").asText()).contains("sent for approval");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String code = Flow.code(approval);

        SpanData delivery = spans.await(span -> span.getName().equals("outbox deliver")
                && code.equals(span.getAttributes().get(REQUEST_CODE))
                && "approval_message".equals(span.getAttributes().get(KIND)));
        SpanData command = CapturedSpans.root(delivery, spans.trace(delivery.getTraceId()));
        assertThat(command.getName()).isEqualTo("slack socket mode slash_commands");
        assertThat(command.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(command.getAttributes().get(ENVELOPE_TYPE)).isEqualTo("slash_commands");
        assertThat(command.getAttributes().asMap().values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain("identity").doesNotContain(FakeSlack.APP_TOKEN));

        SocketModeFlowTest.click(flow, Fakes.APPROVER, "sdx_approve", approval);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
        SpanData submit = spans.await(span -> span.getKind() == SpanKind.CLIENT && span.getAttributes().asMap().values()
                .stream().anyMatch(v -> String.valueOf(v).contains("/api/asynchronous/" + SdxStubs.CORE_ID)));
        Map<String, SpanData> clickTrace = spans.trace(submit.getTraceId());
        SpanData click = CapturedSpans.root(submit, clickTrace);
        assertThat(click.getName()).isEqualTo("slack socket mode interactive");
        assertThat(click.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(click.getTraceId()).isNotEqualTo(command.getTraceId());
    }
}
