package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ResumeStoredWorkTest {

    @Test
    void theSweepMayGoTenIntervalsAndAtLeastTenMinutesWithoutAStart() {
        assertThat(ResumeStoredWork.quiet(Duration.ofSeconds(10))).isEqualTo(Duration.ofMinutes(10));
        assertThat(ResumeStoredWork.quiet(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(10));
        assertThat(ResumeStoredWork.quiet(Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(30));
    }
}
