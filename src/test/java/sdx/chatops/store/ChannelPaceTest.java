package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;

/**
 * A channel's post slot, reserved in one statement: a new channel and a channel whose slot is free
 * are reserved, a taken slot is not and says when it frees, on the bot's store (SQLite here).
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class ChannelPaceTest {

    private static final Duration PACE = Duration.ofSeconds(1);

    @Inject
    Database db;

    private Instant reserve(String channel, Instant now) {
        Map<String, Instant> taken = db.inTransaction(c -> ChannelPace.reserve(c, List.of(channel), PACE, now));
        assertThat(taken.keySet()).isSubsetOf(channel);
        return taken.get(channel);
    }

    @Test
    void aSlotIsReservedOncePerPaceWhetherTheChannelIsNewOrNot() {
        String channel = "CPACE" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
        Instant now = Instant.ofEpochMilli(1_800_000_000_000L);

        assertThat(reserve(channel, now)).as("a channel never posted to").isNull();
        assertThat(reserve(channel, now.plusMillis(400))).as("taken: free again at").isEqualTo(now.plus(PACE));
        assertThat(reserve(channel, now.plusMillis(999))).isEqualTo(now.plus(PACE));
        assertThat(reserve(channel, now.plus(PACE))).as("free again").isNull();
        assertThat(reserve(channel, now.plus(PACE).plusMillis(1))).isEqualTo(now.plus(PACE).plus(PACE));
        Map<String, Instant> busy = db.inTransaction(c -> ChannelPace.busyUntil(c, List.of(channel), now.plus(PACE)));
        assertThat(busy).containsEntry(channel, now.plus(PACE).plus(PACE));
    }

    @Test
    void severalChannelsAreReservedTogetherAndOnlyTheTakenOnesAreNamed() {
        String prefix = "CPACE" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
        Instant now = Instant.ofEpochMilli(1_800_000_000_000L);
        assertThat(reserve(prefix + "B", now)).isNull();
        assertThat(reserve(prefix + "D", now.minusMillis(300))).isNull();

        Map<String, Instant> taken = db.inTransaction(c -> ChannelPace.reserve(c,
                List.of(prefix + "A", prefix + "B", prefix + "C", prefix + "D"), PACE, now.plusMillis(500)));

        assertThat(taken).as("B and D posted less than a pace ago; A and C are new")
                .containsOnly(Map.entry(prefix + "B", now.plus(PACE)),
                        Map.entry(prefix + "D", now.minusMillis(300).plus(PACE)));
        assertThat(reserve(prefix + "A", now.plusMillis(600))).as("A was reserved by the batch")
                .isEqualTo(now.plusMillis(500).plus(PACE));
        assertThat(reserve(prefix + "C", now.plus(PACE).plusMillis(500))).as("C's slot is free a pace later").isNull();
    }
}
