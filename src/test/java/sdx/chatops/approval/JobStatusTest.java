package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobStatusTest {

    @ParameterizedTest
    @CsvSource({
            "pending,   10, false, QUEUED",
            "loaded,    11, false, QUEUED",
            "queued,    12, false, QUEUED",
            "running,   20, false, RUNNING",
            "completed, 30, true,  COMPLETED",
            "failed,    30, true,  FAILED",
            "deleted,   30, true,  DELETED" })
    void knownStatusesHaveTheirRankAndRequestState(String raw, int rank, boolean terminal, RequestState state) {
        JobStatus status = JobStatus.of(raw);
        assertThat(status.name()).isEqualTo(raw);
        assertThat(status.rank()).isEqualTo(rank);
        assertThat(status.isTerminal()).isEqualTo(terminal);
        assertThat(status.requestState()).isEqualTo(state);
    }

    @Test
    void terminalRankIsTheHighest() {
        assertThat(JobStatus.TERMINAL_RANK).isEqualTo(30);
    }

    @Test
    void unknownStatusIsShownAsNonTerminalJustAfterRunning() {
        JobStatus status = JobStatus.of("acknowledging");
        assertThat(status.name()).isEqualTo("acknowledging");
        assertThat(status.rank()).isEqualTo(21);
        assertThat(status.isTerminal()).isFalse();
        assertThat(status.requestState()).isEqualTo(RequestState.RUNNING);
    }

    @Test
    void caseAndSurroundingWhitespaceAreNormalised() {
        JobStatus status = JobStatus.of("  Completed\n");
        assertThat(status).isEqualTo(new JobStatus("completed"));
        assertThat(status.isTerminal()).isTrue();
        assertThat(JobStatus.of("FAILED").requestState()).isEqualTo(RequestState.FAILED);
    }

    @Test
    void nullOrBlankIsUnknown() {
        assertThat(JobStatus.of(null)).isEqualTo(new JobStatus("unknown"));
        assertThat(JobStatus.of("   ")).isEqualTo(new JobStatus("unknown"));
        assertThat(JobStatus.of(null).rank()).isEqualTo(21);
        assertThat(JobStatus.of(null).isTerminal()).isFalse();
    }

    @Test
    void longStatusIsCutToThirtyTwoCharacters() {
        assertThat(JobStatus.of("x".repeat(40)).name()).isEqualTo("x".repeat(32));
    }

    @Test
    void laterStatusesOutrankEarlierOnes() {
        assertThat(JobStatus.of("pending").rank()).isLessThan(JobStatus.of("running").rank());
        assertThat(JobStatus.of("running").rank()).isLessThan(JobStatus.of("completed").rank());
        assertThat(JobStatus.of("something-new").rank()).isLessThan(JobStatus.of("failed").rank());
    }
}
