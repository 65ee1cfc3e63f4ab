package sdx.chatops.approval;

import java.util.List;
import java.util.Optional;

/**
 * What the workflow needs from SDX (port). The adapter owns the HTTP details, timeouts, the shared
 * call budget and the circuit breaker, and never retries a queue request by itself: whether a
 * retry could create a second job is decided here, in {@link SubmitJob}.
 */
public interface SdxJobs {

    /** All sites the token can see, possibly from a short-lived cache. */
    List<Site> sites() throws SdxUnavailableException;

    /**
     * Waits, for a bounded time, for a turn to queue a job: the circuit breaker lets calls through and
     * the shared call budget has one for it. Taken before the request is claimed (see {@link QueueTurn}).
     */
    QueueTurn awaitTurnToQueue();

    /**
     * Queues a script in a turn from {@link #awaitTurnToQueue()}; sent at most once per call. A
     * {@link QueueTurn.NotNow} turn sends nothing: its reason is the outcome.
     */
    QueueOutcome queue(QueueTurn turn, String siteId, JobSubmission job);

    /** Jobs of a site, newest first. */
    List<SdxJob> jobs(String siteId) throws SdxUnavailableException;

    /** One job; empty when SDX does not return it. */
    Optional<SdxJob> job(String siteId, String jobId) throws SdxUnavailableException;

    /**
     * Cancels a job that has not started yet. Sent at most once per call; asking again after
     * {@link CancelOutcome.Unavailable} is safe (a job is cancelled once, or was already started).
     */
    CancelOutcome cancel(String siteId, String jobId);
}
