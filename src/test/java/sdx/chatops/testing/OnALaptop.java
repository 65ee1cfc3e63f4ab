package sdx.chatops.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The README's laptop command: Socket Mode and the sandbox together, with nothing but a Slack app's
 * tokens. No signing secret, no SDX token, no public URL (so jobs are polled), nothing listening for
 * the outside world.
 */
public class OnALaptop implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new InSocketMode().getConfigOverrides());
        config.putAll(new InSandbox().getConfigOverrides());
        config.put("chatops.slack.signing-secret", "");
        return config;
    }
}
