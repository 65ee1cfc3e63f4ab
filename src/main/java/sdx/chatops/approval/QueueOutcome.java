package sdx.chatops.approval;

import java.time.Duration;

/** What became of a queue request, in the terms the workflow needs. */
public sealed interface QueueOutcome {

    /** SDX queued the job. */
    record Accepted(QueueReceipt receipt) implements QueueOutcome {
    }

    /** SDX answered with an error: nothing was queued. */
    record Refused(int httpStatus, String code, String message) implements QueueOutcome {

        /** "422 invalid_script: message", for logs and the channel. */
        public String describe() {
            return httpStatus + (code == null ? "" : " " + code) + ": " + message;
        }
    }

    /** The request never left the bot (connection refused, circuit open, rate limit): nothing was queued. */
    record NotSent(String reason) implements QueueOutcome {
    }

    /** SDX answered 429: nothing was queued; try again after {@code retryAfter} (null: back off). */
    record Throttled(Duration retryAfter) implements QueueOutcome {
    }

    /** The request may have reached SDX but no usable answer came back: the job may exist. */
    record Unknown(String reason) implements QueueOutcome {
    }
}
