package sdx.chatops.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Tracing is off unless an OTLP endpoint is configured: turns "is an endpoint set?" into
 * {@code quarkus.otel.sdk.disabled} (a run-time key), so that without one no exporter is built and
 * no thread tries to reach a collector. The endpoint is the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * (and {@code OTEL_EXPORTER_OTLP_PROTOCOL}), or Quarkus's own {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}
 * / {@code ..._TRACES_ENDPOINT}, which win when both are set. An explicit {@code QUARKUS_OTEL_SDK_DISABLED}
 * wins over this source. Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class TracingSwitchConfigSource implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    static final String PROTOCOL = "quarkus.otel.exporter.otlp.protocol";
    static final String OTEL_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String OTEL_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String standard = valueOf(context.getValue(OTEL_ENDPOINT));
        boolean enabled = standard != null || valueOf(context.getValue(ENDPOINT)) != null
                || valueOf(context.getValue(TRACES_ENDPOINT)) != null;
        Map<String, String> values = new HashMap<>();
        values.put(SDK_DISABLED, String.valueOf(!enabled));
        if (standard != null) {
            // Below Quarkus's own keys (environment and application.properties), so those win.
            values.put(ENDPOINT, standard);
        }
        String protocol = valueOf(context.getValue(OTEL_PROTOCOL));
        if (protocol != null) {
            values.put(PROTOCOL, protocol);
        }
        return List.of(new MapBackedConfigSource("sdx-chatops tracing switch", values, 50) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /**
     * A value someone configured, or null: Quarkus's own default endpoint (in its default-values source,
     * at the lowest ordinal) does not count as one.
     */
    private static String valueOf(ConfigValue value) {
        if (value == null || value.getValue() == null || value.getValue().isBlank()
                || value.getSourceOrdinal() == Integer.MIN_VALUE) {
            return null;
        }
        return value.getValue().trim();
    }
}
