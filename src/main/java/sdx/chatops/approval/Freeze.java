package sdx.chatops.approval;

import java.time.Instant;

/**
 * A change freeze: while it lasts, new requests for the sites it covers are refused and pending ones
 * cannot be approved, except break-glass (emergency) requests. Ends by itself at {@code endsAt}, or
 * earlier when an admin lifts it.
 *
 * @param sites {@code *} for all sites
 */
public record Freeze(long id, SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt,
        String liftedBy, Instant liftedAt) {

    public boolean isActiveAt(Instant now) {
        return liftedAt == null && now.isBefore(endsAt);
    }

    public boolean covers(Site site) {
        return sites.matches(site);
    }

    public boolean coversAll() {
        return "*".equals(sites.text());
    }
}
