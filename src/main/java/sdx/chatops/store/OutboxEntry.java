package sdx.chatops.store;

/**
 * A Slack call waiting to be made. Entries of one request are delivered in order, one at a time,
 * because they all land in the same message and thread.
 *
 * @param kind what to do; see {@link OutboxKind}
 * @param payload the message for {@link OutboxKind#THREAD_REPLY}, null for kinds rendered at delivery
 */
public record OutboxEntry(long id, String requestId, OutboxKind kind, String payload, int attempts) {
}
