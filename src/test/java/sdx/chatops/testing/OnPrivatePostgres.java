package sdx.chatops.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Short timers, with a PostgreSQL store on a server of the test's own ({@link PrivatePostgres}). */
public class OnPrivatePostgres extends ShortTimers {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        // A delivery interrupted by the outage keeps its claim this long (60 s by default).
        config.put("chatops.store.lease-time", "5s");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PrivatePostgres.class));
    }
}
