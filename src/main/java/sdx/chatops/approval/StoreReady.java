package sdx.chatops.approval;

/**
 * Fired once the store's schema is migrated at start-up. Background work that reads the store waits
 * for it: the scheduler may start before the migration has run.
 */
public record StoreReady() {
}
