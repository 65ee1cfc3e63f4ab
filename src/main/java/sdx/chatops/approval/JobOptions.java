package sdx.chatops.approval;

/** The three SDX job flags; always sent explicitly (SDX once failed requests that omitted them). */
public record JobOptions(boolean makeBackup, boolean expressExecute, boolean needsAcknowledgement) {
}
