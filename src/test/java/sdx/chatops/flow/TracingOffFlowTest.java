package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.store.Database;
import sdx.chatops.testing.CapturedSpans;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.tracing.BotTracer;

/**
 * Without an OTLP endpoint (the bot as every other flow test runs it) tracing is off: the SDK is
 * disabled, a change from command to Slack ends no span and stores no trace context, the bot's own
 * tracer is a no-op, and no exporter thread runs.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class TracingOffFlowTest {

    @Inject
    CapturedSpans spans;

    @Inject
    BotTracer tracer;

    @Inject
    Database db;

    @Test
    void withoutAnEndpointTheSdkIsDisabledAndNoSpanIsMade() {
        SdxStubs.sites(Fakes.sdx());
        Flow flow = new Flow();
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        flow.awaitApprovalMessage();

        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        assertThat(spans.finished()).isEmpty();
        assertThat(storedTraceparents(flow.channel)).containsOnlyNulls().isNotEmpty();
        assertThat(tracer.get().spanBuilder("probe").startSpan().getSpanContext().isValid()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("BatchSpanProcessor"));
    }

    private List<String> storedTraceparents(String channel) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT traceparent FROM outbox WHERE request_id IN"
                    + " (SELECT id FROM change_request WHERE channel_id = ?)")) {
                ps.setString(1, channel);
                List<String> values = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            }
        });
    }
}
