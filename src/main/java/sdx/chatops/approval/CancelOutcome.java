package sdx.chatops.approval;

/** What became of a request to cancel a queued job ({@code DELETE /site/{siteId}/job/{jobId}}). */
public sealed interface CancelOutcome {

    /** SDX cancelled the job: it will not run. */
    record Cancelled() implements CancelOutcome {
    }

    /** Too late: the router has started the job (SDX's error code {@code job_already_started}). */
    record AlreadyStarted(String message) implements CancelOutcome {
    }

    /** SDX does not know the job (or the site): nothing to cancel. */
    record NotFound() implements CancelOutcome {
    }

    /** SDX answered with another error (401, 403, 422 ...): nothing was cancelled. */
    record Refused(int httpStatus, String code, String message) implements CancelOutcome {

        /** "403 forbidden: message", for logs and the channel. */
        public String describe() {
            return httpStatus + (code == null ? "" : " " + code) + ": " + message;
        }
    }

    /**
     * No usable answer (not reachable, timed out, 5xx, throttled, calls paused): whether the job was
     * cancelled is not known; asking again is safe.
     */
    record Unavailable(String reason) implements CancelOutcome {
    }
}
