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
        return db.inTransaction(c -> ChannelPace.reserve(c, channel, PACE, now));
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
}
