package sdx.chatops.testing;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import sdx.chatops.config.ChatopsConfig;

/** The bot's configuration for unit tests of use cases: the documented defaults, plus what a test sets. */
public final class TestConfig {

    private TestConfig() {
    }

    public static ChatopsConfig chatops(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ChatopsConfig.class)
                // Quarkus's own converter, so that durations read "30s" as they do in the bot.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", values, 500) {
                }).build();
        return config.getConfigMapping(ChatopsConfig.class);
    }

    public static ChatopsConfig chatops() {
        return chatops(Map.of());
    }
}
