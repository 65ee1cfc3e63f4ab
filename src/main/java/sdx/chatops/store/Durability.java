package sdx.chatops.store;

/**
 * When a committed transaction must be on disk. Every transaction is {@link #FLUSHED} unless it only
 * inserts new requests and {@code chatops.store.flush-new-requests} is off.
 */
enum Durability {

    /** On disk before the commit returns: SQLite's {@code synchronous=FULL}, PostgreSQL's {@code synchronous_commit}. */
    FLUSHED,

    /**
     * Written before the commit returns (to the operating system on SQLite, to PostgreSQL's WAL
     * buffers), and on disk with the next flushed commit, or within a second or so. A crash of the bot
     * loses nothing; a power cut, or a crash of the PostgreSQL server, may lose what was committed
     * this way since the last flush. The database stays consistent either way.
     */
    FLUSH_LATER;

    /** What a transaction holding work of both needs: flushed as soon as one piece needs it. */
    Durability and(Durability other) {
        return this == FLUSHED || other == FLUSHED ? FLUSHED : FLUSH_LATER;
    }
}
