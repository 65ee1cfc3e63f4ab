package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Slack refused the approval message for good (e.g. {@code channel_not_found}, the bot not in a
 * private channel). Nobody can approve a request nobody sees, so it is cancelled rather than left
 * pending, and the requester is told privately why.
 */
@ApplicationScoped
public class CancelUnpostedRequest {

    private static final Logger LOG = Logger.getLogger(CancelUnpostedRequest.class);

    private final RequestStore store;
    private final Clock clock;

    @Inject
    public CancelUnpostedRequest(RequestStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** {@code slackError} is Slack's error code, e.g. {@code channel_not_found}. */
    public void cancel(String requestId, String slackError) {
        Instant now = clock.instant();
        store.apply(Transition.of(requestId, EventKind.CANCELLED, Transition.BOT, now).from(RequestState.PENDING)
                .to(RequestState.CANCELLED)
                .set(RequestField.FAILURE, "the approval message could not be posted (" + slackError + ")")
                .detail("reason", "approval_message_refused").detail("slack_error", slackError)
                .notify(new Notice.ApprovalNotPosted(slackError))).ifPresent(request -> {
                    try (RequestLog log = RequestLog.of(request)) {
                        LOG.warnf("request %s cancelled: Slack refused its approval message (%s)", request.code(),
                                slackError);
                    }
                });
    }
}
