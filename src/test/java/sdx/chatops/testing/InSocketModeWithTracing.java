package sdx.chatops.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** {@link InSocketMode} with tracing on, as {@link WithTracing} has it. */
public class InSocketModeWithTracing implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new InSocketMode().getConfigOverrides());
        config.putAll(new WithTracing().getConfigOverrides());
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return new WithTracing().testResources();
    }
}
