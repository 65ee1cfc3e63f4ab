package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.Freeze;
import sdx.chatops.approval.SitePattern;
import sdx.chatops.testing.Fakes;

/**
 * Freezes against the real database, as two replicas see them: each replica checks new requests
 * against what it read at most a second ago, sees its own changes at once, and a decision's read
 * ({@code active}) is never older than the store.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class FreezeStoreTest {

    @Inject
    JdbcFreezeStore store;

    @Inject
    Database db;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @AfterEach
    void thaw() {
        store.liftAll("UTEST", Instant.now());
    }

    private static SitePattern somewhere() {
        return SitePattern.of("fz-" + UUID.randomUUID().toString().substring(0, 8) + "-*");
    }

    private static List<Long> ids(List<Freeze> freezes) {
        return freezes.stream().map(Freeze::id).toList();
    }

    @Test
    void freezeStartedOrLiftedOnThisReplicaCountsForNewRequestsAtOnce() {
        assertThat(store.activeRecently(now)).isEmpty();

        Freeze freeze = store.create(somewhere(), "maintenance", "UADMIN", now, now.plus(Duration.ofHours(1)));
        assertThat(ids(store.activeRecently(now))).containsExactly(freeze.id());

        store.lift(freeze.id(), "UADMIN", now);
        assertThat(store.activeRecently(now)).isEmpty();

        Freeze again = store.create(somewhere(), "again", "UADMIN", now, now.plus(Duration.ofHours(1)));
        assertThat(ids(store.activeRecently(now))).containsExactly(again.id());
        store.liftAll("UADMIN", now);
        assertThat(store.activeRecently(now)).isEmpty();
    }

    @Test
    void freezeFromAnotherReplicaReachesNewRequestsWithinASecondAndDecisionsAtOnce() {
        JdbcFreezeStore other = new JdbcFreezeStore(db);
        long before = System.nanoTime();
        assertThat(other.activeRecently(now)).isEmpty();

        Freeze freeze = store.create(somewhere(), "maintenance", "UADMIN", now, now.plus(Duration.ofHours(1)));

        assertThat(ids(other.active(now))).as("a decision reads the store").containsExactly(freeze.id());
        List<Freeze> recent = other.activeRecently(now);
        if (System.nanoTime() - before < JdbcFreezeStore.RECENT.toNanos() * 8 / 10) {
            assertThat(recent).as("new requests on the other replica use its read of a moment ago").isEmpty();
        }
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> ids(other.activeRecently(now)).contains(freeze.id()));
        assertThat(System.nanoTime() - before).isLessThan(JdbcFreezeStore.RECENT.toNanos() + Duration.ofSeconds(3).toNanos());

        store.lift(freeze.id(), "UADMIN", now);
        assertThat(other.active(now)).isEmpty();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> other.activeRecently(now).isEmpty());
    }

    @Test
    void freezeThatEndsStopsCountingAtItsEndWithoutAnotherRead() {
        Freeze freeze = store.create(somewhere(), "short", "UADMIN", now, now.plus(Duration.ofMinutes(5)));
        assertThat(ids(store.activeRecently(now))).containsExactly(freeze.id());

        assertThat(store.activeRecently(now.plus(Duration.ofMinutes(5)).minusMillis(1))).hasSize(1);
        assertThat(store.activeRecently(now.plus(Duration.ofMinutes(5)))).isEmpty();
    }
}
