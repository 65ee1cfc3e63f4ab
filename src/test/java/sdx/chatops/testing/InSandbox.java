package sdx.chatops.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bot with {@code SDX_SANDBOX=true} and no SDX at all: no SDX_API_TOKEN, no SDX_PUBLIC_URL (so the bot
 * polls the simulation), the simulation's step and the poll short. {@link Fakes} still starts its WireMock
 * SDX and sets SDX_API_URL and SDX_API_TOKEN; the token is blanked here, and tests assert that WireMock
 * receives nothing.
 */
public class InSandbox implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("SDX_SANDBOX", "true");
        // Long enough against the poll (300 ms, checked every 300 ms) that polling sees each step.
        config.put("chatops.sdx.sandbox-step", "1500ms");
        // Empty here hides what Fakes sets: the bot runs without a token and without a callback URL.
        config.put("chatops.sdx.api-token", "");
        config.put("chatops.sdx.public-url", "");
        config.put("chatops.sdx.poll-interval", "300ms");
        config.put("chatops.workers.sweep-interval", "300ms");
        return config;
    }
}
