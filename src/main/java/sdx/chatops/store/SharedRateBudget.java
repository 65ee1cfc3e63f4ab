package sdx.chatops.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A call budget shared by every replica on the same store, e.g. SDX's requests per minute per API
 * key: two replicas must not spend it twice. The generic cell rate algorithm keeps one number per
 * budget, the "theoretical arrival time" of the next call; a call is allowed when that time is not
 * more than the burst allowance ahead of now, and moves it one interval on. One conditional UPDATE
 * decides, so concurrent callers on PostgreSQL and the single SQLite writer both stay exact.
 */
@ApplicationScoped
public class SharedRateBudget {

    private final Database db;

    @Inject
    public SharedRateBudget(Database db) {
        this.db = db;
    }

    /**
     * Takes one call from {@code budget}, which allows {@code perMinute} calls a minute with bursts
     * of {@code burst}.
     *
     * @return {@link Duration#ZERO} when the call may go ahead, otherwise how long until one may
     */
    public Duration tryTake(String budget, int perMinute, int burst, Instant now) {
        long interval = Math.max(1, 60_000L / Math.max(1, perMinute));
        long tolerance = interval * Math.max(0, burst - 1);
        long at = now.toEpochMilli();
        return db.inTransaction(c -> {
            ChangeRequestRows.execute(c, "INSERT INTO rate_budget (name, next_free_at) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO NOTHING", budget, at);
            // max(next_free_at, now) written portably as a CASE, the same on SQLite and PostgreSQL.
            String start = "(CASE WHEN next_free_at < ? THEN ? ELSE next_free_at END)";
            int taken = ChangeRequestRows.execute(c, "UPDATE rate_budget SET next_free_at = " + start + " + ?"
                    + " WHERE name = ? AND " + start + " <= ?", at, at, interval, budget, at, at, at + tolerance);
            if (taken == 1) {
                return Duration.ZERO;
            }
            try (Statements.Lease lease = Statements.prepare(c, "SELECT next_free_at FROM rate_budget WHERE name = ?")) {
                PreparedStatement ps = lease.statement();
                ps.setString(1, budget);
                try (ResultSet rs = ps.executeQuery()) {
                    long next = rs.next() ? rs.getLong(1) : at;
                    return Duration.ofMillis(Math.max(1, next - tolerance - at));
                }
            }
        });
    }
}
