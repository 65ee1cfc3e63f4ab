package sdx.chatops.slack;

import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.approval.RequestChange;
import sdx.chatops.metrics.BotMetrics;

/** Counts a change request that was not created, by why: the same reasons from the command and the form. */
final class RefusalCount {

    private RefusalCount() {
    }

    static RequestChange.Result of(MeterRegistry registry, String surface, RequestChange.Result result) {
        if (!(result instanceof RequestChange.Result.Created)) {
            BotMetrics.refused(registry, surface,
                    result instanceof RequestChange.Result.Refused refused ? refused.verdict() : result);
        }
        return result;
    }
}
