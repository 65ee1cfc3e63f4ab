package sdx.chatops.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bot with tracing on, exporting to {@link FakeCollector} (and to {@link CapturedSpans}, as every test does); spans are
 * exported 50 ms after they end instead of Quarkus's 5 s, so that tests need not wait.
 */
public class WithTracing implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.bsp.schedule.delay", "50ms");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeCollector.class));
    }
}
