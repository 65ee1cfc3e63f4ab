package sdx.chatops.testing;

import java.util.Map;

/**
 * {@link InSandbox}, but the simulation calls the bot back: the bot's HTTP port is fixed to a free port
 * chosen here, and SDX_PUBLIC_URL points at it over plain http on loopback, so that the sandbox's callbacks
 * reach {@code /sdx/notify/<token>} of the bot under test. The callback grace stays at its default
 * (10 minutes): every status that reaches the thread came by callback, none by polling.
 */
public class InSandboxWithCallbacks extends InSandbox {

    private static final int PORT = Management.freePort();

    public static int port() {
        return PORT;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
        config.put("quarkus.http.test-port", String.valueOf(PORT));
        config.put("chatops.sdx.public-url", "http://127.0.0.1:" + PORT);
        config.remove("chatops.sdx.poll-interval");
        return config;
    }
}
