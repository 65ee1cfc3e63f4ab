package sdx.chatops.store;

import java.time.Instant;

import sdx.chatops.approval.Notice;

/**
 * A Slack notice waiting to be delivered. Entries of one request are delivered in order, one at a
 * time, because they all land in the same message and thread.
 */
public record OutboxEntry(long id, String requestId, Notice notice, int attempts, Instant createdAt) {
}
