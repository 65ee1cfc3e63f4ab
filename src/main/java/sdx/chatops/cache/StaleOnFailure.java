package sdx.chatops.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.quarkus.cache.Cache;

/**
 * A Quarkus cache (Caffeine; its freshness is configured as {@code quarkus.cache.caffeine."name".*})
 * that, when a refresh fails, serves the last value it loaded for a while rather than failing: SDX or
 * Slack being briefly unreachable should not stop engineers. How stale is bounded by {@code maxStale}
 * (after that the failure is the answer), which matters for lists that grant rights, such as the
 * members of an approver group.
 */
public final class StaleOnFailure<V> {

    private static final Logger LOG = Logger.getLogger(StaleOnFailure.class);

    /** Loads a fresh value; throws {@code E} when it cannot. */
    @FunctionalInterface
    public interface Loader<V, E extends Exception> {
        V load() throws E;
    }

    private record Loaded<V>(V value, Instant at) {
    }

    /** Carries a loader's checked exception through the cache's function. */
    private static final class LoadFailed extends RuntimeException {
        LoadFailed(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final Cache cache;
    private final Duration maxStale;
    private final Clock clock;
    private final Map<Object, Loaded<V>> lastLoaded = new ConcurrentHashMap<>();

    public StaleOnFailure(Cache cache, Duration maxStale, Clock clock) {
        this.cache = cache;
        this.maxStale = maxStale;
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    public <E extends Exception> V get(Object key, Loader<V, E> loader) throws E {
        try {
            return cache.<Object, V> get(key, k -> {
                try {
                    V value = loader.load();
                    lastLoaded.put(key, new Loaded<>(value, clock.instant()));
                    return value;
                } catch (Exception e) {
                    throw new LoadFailed(e);
                }
            }).await().indefinitely();
        } catch (LoadFailed failed) {
            Loaded<V> last = lastLoaded.get(key);
            if (last != null && !clock.instant().isAfter(last.at().plus(maxStale))) {
                LOG.warnf("cache %s: refresh failed (%s); serving the value loaded at %s", cache.getName(),
                        failed.getMessage(), last.at());
                return last.value();
            }
            throw (E) failed.getCause();
        }
    }
}
