package sdx.chatops.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoublePerFailureUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2), 0);
        assertThat(backoff.after(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.after(-3)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterAddsAtMostItsShareAndNeverPassesTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.25);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.after(2)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
            assertThat(backoff.after(20)).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
