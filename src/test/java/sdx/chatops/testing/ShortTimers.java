package sdx.chatops.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Timers short enough that retries, reconciliation and polling happen within a test. */
public class ShortTimers implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chatops.workers.sweep-interval", "300ms",
                "chatops.sdx.poll-interval", "1s",
                "chatops.sdx.reconcile-grace", "3s",
                "chatops.sdx.callback-grace", "3s",
                "chatops.sdx.submit-retry-for", "30s",
                "chatops.sdx.breaker-threshold", "3",
                "chatops.sdx.breaker-pause", "2s");
    }
}
