package sdx.chatops.approval;

/**
 * A turn to send one queue request to SDX ({@link SdxJobs#awaitTurnToQueue()}), taken before the
 * request is claimed: a request that waits for SDX's rate limit waits as {@code APPROVED}, which a
 * restart simply picks up again, rather than as {@code SUBMITTING}, which it would have to reconcile.
 */
public sealed interface QueueTurn {

    /** SDX may be called now: the call is taken from the shared budget. */
    QueueTurn TAKEN = new Taken();

    /** A call taken from the budget, for one queue request. */
    record Taken() implements QueueTurn {
    }

    /** SDX may not be called now (breaker open, budget spent for longer than a submission waits): why. */
    record NotNow(QueueOutcome.NotSent why) implements QueueTurn {
    }
}
