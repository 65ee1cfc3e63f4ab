package sdx.chatops.store;

/** What an outbox entry asks Slack to do. */
public enum OutboxKind {
    /** Post the approval message to the channel ({@code chat.postMessage}); its ts anchors the thread. */
    APPROVAL_MESSAGE,
    /** Re-render the approval message from the request's current state ({@code chat.update}). */
    APPROVAL_UPDATE,
    /** Reply in the approval message's thread with the stored text. */
    THREAD_REPLY
}
