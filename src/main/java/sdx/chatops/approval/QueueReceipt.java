package sdx.chatops.approval;

/** What SDX answers when it accepts a job: the fields the channel needs to find it again. */
public record QueueReceipt(String requestId, String idempotencyKey, String target, String date) {
}
