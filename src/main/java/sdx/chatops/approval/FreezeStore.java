package sdx.chatops.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Change freezes, kept in the store so they survive restarts and every replica sees them (port). */
public interface FreezeStore {

    Freeze create(SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt);

    /** Freezes in force at {@code now}, the one ending last first. */
    List<Freeze> active(Instant now);

    /**
     * Freezes in force at {@code now} as this replica read them at most a second ago: one started or
     * lifted on this replica counts at once, one from another replica within that second. Cheap enough
     * to ask for every new request; a decision to approve asks {@link #active} instead.
     */
    default List<Freeze> activeRecently(Instant now) {
        return active(now);
    }

    /** Lifts one active freeze; empty when there is no such active freeze. */
    Optional<Freeze> lift(long id, String liftedBy, Instant now);

    /** Lifts every active freeze; returns those lifted. */
    List<Freeze> liftAll(String liftedBy, Instant now);
}
