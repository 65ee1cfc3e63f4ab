package sdx.chatops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

class TracingSwitchConfigSourceTest {

    /** Quarkus's own defaults, as its default-values source holds them (the lowest ordinal). */
    private static final Map<String, String> QUARKUS_DEFAULTS = Map.of(TracingSwitchConfigSource.ENDPOINT,
            "http://localhost:4317/", TracingSwitchConfigSource.TRACES_ENDPOINT, "http://localhost:4317/");

    private static SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder().withSources(new MapBackedConfigSource("environment", environment, 300) {
        }).withSources(new MapBackedConfigSource("DefaultValuesConfigSource", QUARKUS_DEFAULTS, Integer.MIN_VALUE) {
        }).withSources(new TracingSwitchConfigSource()).build();
    }

    @Test
    void withoutAnEndpointTheSdkIsDisabledWhateverQuarkussDefaultEndpointIs() {
        SmallRyeConfig config = config(Map.of());
        assertThat(config.getValue(TracingSwitchConfigSource.SDK_DISABLED, Boolean.class)).isTrue();
        assertThat(config.getValue(TracingSwitchConfigSource.ENDPOINT, String.class)).isEqualTo("http://localhost:4317/");
    }

    @Test
    void theStandardEndpointSwitchesTracingOnAndIsQuarkussEndpoint() {
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        assertThat(config.getValue(TracingSwitchConfigSource.SDK_DISABLED, Boolean.class)).isFalse();
        assertThat(config.getValue(TracingSwitchConfigSource.ENDPOINT, String.class)).isEqualTo("http://collector:4318");
        assertThat(config.getValue(TracingSwitchConfigSource.PROTOCOL, String.class)).isEqualTo("http/protobuf");
    }

    @Test
    void quarkussOwnEndpointSwitchesTracingOnAndWins() {
        SmallRyeConfig config = config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://standard:4317",
                "quarkus.otel.exporter.otlp.endpoint", "http://quarkus:4317"));
        assertThat(config.getValue(TracingSwitchConfigSource.SDK_DISABLED, Boolean.class)).isFalse();
        assertThat(config.getValue(TracingSwitchConfigSource.ENDPOINT, String.class)).isEqualTo("http://quarkus:4317");
        assertThat(config(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://traces:4317"))
                .getValue(TracingSwitchConfigSource.SDK_DISABLED, Boolean.class)).isFalse();
    }

    @Test
    void aBlankEndpointLeavesTracingOffAndAnExplicitSwitchWins() {
        assertThat(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ")).getValue(TracingSwitchConfigSource.SDK_DISABLED,
                Boolean.class)).isTrue();
        assertThat(config(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317", "quarkus.otel.sdk.disabled", "true"))
                .getValue(TracingSwitchConfigSource.SDK_DISABLED, Boolean.class)).isTrue();
    }
}
