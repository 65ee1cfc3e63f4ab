package sdx.chatops.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Change freezes, kept in the store so they survive restarts and every replica sees them (port). */
public interface FreezeStore {

    Freeze create(SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt);

    /** Freezes in force at {@code now}, the one ending last first. */
    List<Freeze> active(Instant now);

    /** Lifts one active freeze; empty when there is no such active freeze. */
    Optional<Freeze> lift(long id, String liftedBy, Instant now);

    /** Lifts every active freeze; returns those lifted. */
    List<Freeze> liftAll(String liftedBy, Instant now);
}
