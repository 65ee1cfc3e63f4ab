package sdx.chatops.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.quarkus.cache.Cache;
import io.smallrye.mutiny.Uni;
import sdx.chatops.testing.ManualClock;

class StaleOnFailureTest {

    /** A cache with expire-after-write, as Caffeine behaves for what these tests need. */
    private static final class ExpiringCache implements Cache {
        private record Entry(Object value, Instant at) {
        }

        private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
        private final Duration ttl;
        private final ManualClock clock;

        ExpiringCache(Duration ttl, ManualClock clock) {
            this.ttl = ttl;
            this.clock = clock;
        }

        @Override
        public String getName() {
            return "test-cache";
        }

        @Override
        public Object getDefaultKey() {
            return "default";
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> Uni<V> get(K key, Function<K, V> valueLoader) {
            return Uni.createFrom().item(() -> {
                Entry entry = entries.get(key);
                if (entry != null && clock.now.isBefore(entry.at().plus(ttl))) {
                    return (V) entry.value();
                }
                V value = valueLoader.apply(key);
                entries.put(key, new Entry(value, clock.now));
                return value;
            });
        }

        @Override
        public <K, V> Uni<V> getAsync(K key, Function<K, Uni<V>> valueLoader) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<Void> invalidate(Object key) {
            entries.remove(key);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> invalidateAll() {
            entries.clear();
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> invalidateIf(Predicate<Object> predicate) {
            entries.keySet().removeIf(predicate);
            return Uni.createFrom().voidItem();
        }

        @Override
        public <T extends Cache> T as(Class<T> type) {
            throw new UnsupportedOperationException();
        }
    }

    private final ManualClock clock = new ManualClock();
    private final StaleOnFailure<String> cache = new StaleOnFailure<>(new ExpiringCache(Duration.ofSeconds(60), clock),
            Duration.ofMinutes(10), clock);
    private final AtomicInteger loads = new AtomicInteger();

    private String fresh() {
        return "sites-" + loads.incrementAndGet();
    }

    private static String failing() throws Exception {
        throw new Exception("SDX answered 503");
    }

    @Test
    void valueIsLoadedOncePerTtlAndAgainAfterIt() throws Exception {
        assertThat(cache.get("all", this::fresh)).isEqualTo("sites-1");
        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get("all", this::fresh)).isEqualTo("sites-1");
        clock.now = clock.now.plusSeconds(2);
        assertThat(cache.get("all", this::fresh)).isEqualTo("sites-2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void failedRefreshServesTheLastLoadedValueWithinTheStaleLimit() throws Exception {
        cache.get("all", this::fresh);
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(cache.get("all", StaleOnFailureTest::failing)).isEqualTo("sites-1");
    }

    @Test
    void failedRefreshBeyondTheStaleLimitIsTheFailure() throws Exception {
        cache.get("all", this::fresh);
        clock.now = clock.now.plus(Duration.ofMinutes(10)).plusSeconds(1);
        assertThatThrownBy(() -> cache.get("all", StaleOnFailureTest::failing)).hasMessage("SDX answered 503");
    }

    @Test
    void failureWithNothingLoadedBeforeIsTheFailureAndIsNotCached() throws Exception {
        assertThatThrownBy(() -> cache.get("all", StaleOnFailureTest::failing)).hasMessage("SDX answered 503");
        assertThat(cache.get("all", this::fresh)).isEqualTo("sites-1");
    }

    @Test
    void staleLimitCountsFromTheLastSuccessfulLoadNotTheLastUse() throws Exception {
        cache.get("all", this::fresh);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        cache.get("all", StaleOnFailureTest::failing);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThatThrownBy(() -> cache.get("all", StaleOnFailureTest::failing)).hasMessage("SDX answered 503");
    }

    @Test
    void keysAreCachedApart() throws Exception {
        assertThat(cache.get("S1", () -> "members-1")).isEqualTo("members-1");
        assertThat(cache.get("S2", () -> "members-2")).isEqualTo("members-2");
        assertThat(cache.get("S1", StaleOnFailureTest::failing)).isEqualTo("members-1");
    }
}
