package sdx.chatops.tracing;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The tracer of the bot's own spans (outbox deliveries, Slack calls, SDX callbacks). With the SDK
 * disabled (no OTLP endpoint, {@code TracingSwitchConfigSource}) Quarkus's instrumentation makes no
 * spans, but the {@link Tracer} it injects still would (valid ones that go nowhere, and whose context
 * would be stored with outbox entries): this one is then a no-op.
 */
@Singleton
public class BotTracer {

    private final Tracer tracer;

    @Inject
    public BotTracer(Tracer quarkus,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "true") boolean disabled) {
        this.tracer = disabled ? OpenTelemetry.noop().getTracer("sdx-chatops") : quarkus;
    }

    public Tracer get() {
        return tracer;
    }
}
