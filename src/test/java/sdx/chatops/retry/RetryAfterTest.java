package sdx.chatops.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAreTakenAsGiven() {
        assertThat(RetryAfter.parse("30", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 5 ", NOW)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:29:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void zeroOrADateInThePastWaitsOneSecond() {
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void absurdWaitsAreCappedAtAnHour() {
        assertThat(RetryAfter.parse("999999999999999999999", NOW)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void missingOrUnreadableHeadersAreNull() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("", NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
        assertThat(RetryAfter.parse("1.5", NOW)).isNull();
        assertThat(RetryAfter.parse("2026-10-21T07:29:30Z", NOW)).isNull();
    }
}
