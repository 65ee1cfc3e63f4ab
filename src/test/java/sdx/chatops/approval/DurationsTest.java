package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void unitsAndCombinationsAsPeopleWriteThem() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("4h")).isEqualTo(Duration.ofHours(4));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse(" 4H ")).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsAccepted() {
        for (String bad : new String[] { "", "4", "h", "4 h", "30m1h", "1.5h", "PT4H", "4hours" }) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("90s, 30m, 4h, 1h30m, 2d");
        }
        assertThatThrownBy(() -> Durations.parse("-5m")).hasMessageContaining("negative");
        assertThatThrownBy(() -> Durations.parse("99999999999999999d")).hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parse("0h")).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
