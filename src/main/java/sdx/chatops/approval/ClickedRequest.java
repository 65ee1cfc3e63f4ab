package sdx.chatops.approval;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The request a button click is about, as stored. Slack shows an approval message before the bot has
 * recorded its ts: the outbox writes the ts once Slack has answered the post, a few milliseconds
 * later. A click in that window would be refused as not coming from the request's approval message.
 * So a click on a message in the request's approval channel, while the request has no approval ts
 * yet, waits for the ts (up to {@link #WAIT}) and is then judged on what is stored. Every other click
 * is judged at once, and the rule itself ({@link ClickOrigin}) is unchanged: the ts must match.
 */
@ApplicationScoped
public class ClickedRequest {

    /** Longer than a post's usual round trip and its record; a click that waits holds a click thread. */
    static final Duration WAIT = Duration.ofSeconds(3);
    private static final long POLL_MILLIS = 25;

    private final RequestStore store;

    @Inject
    public ClickedRequest(RequestStore store) {
        this.store = store;
    }

    public Optional<ChangeRequest> find(String requestId, ClickOrigin origin) {
        Optional<ChangeRequest> found = store.find(requestId);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (found.isPresent() && origin.mayBeOnUnrecordedApprovalMessageOf(found.get())
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
            found = store.find(requestId);
        }
        return found;
    }
}
