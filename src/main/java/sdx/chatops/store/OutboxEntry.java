package sdx.chatops.store;

import java.time.Instant;

import sdx.chatops.approval.Notice;
import sdx.chatops.tracing.StoredTrace;

/**
 * A Slack notice waiting to be delivered. Entries of one request are delivered in order, one at a
 * time, because they all land in the same message and thread. {@code trace} is the trace the entry
 * was written in, which its delivery continues; null when there was none (tracing off, written before
 * V8) or what is stored is not a trace context.
 */
public record OutboxEntry(long id, String requestId, Notice notice, int attempts, Instant createdAt, StoredTrace trace) {
}
