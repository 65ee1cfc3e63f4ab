package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.Freeze;
import sdx.chatops.approval.FreezeStore;
import sdx.chatops.approval.SitePattern;

/**
 * Change freezes in the {@code change_freeze} table, shared by every replica. New requests are checked
 * against the freezes read at most {@link #RECENT} ago, so that a command costs no query of its own;
 * a freeze started or lifted here makes that read stale at once.
 */
@ApplicationScoped
public class JdbcFreezeStore implements FreezeStore {

    static final Duration RECENT = Duration.ofSeconds(1);

    private static final String COLUMNS = "id, site_glob, reason, created_by, created_at, ends_at, lifted_by, lifted_at";

    /** What was read, when (System.nanoTime), and the number of this replica's changes before the read began. */
    private record Read(List<Freeze> freezes, long atNanos, long changes) {
    }

    private final Database db;
    private final AtomicLong changes = new AtomicLong();
    private volatile Read recent;

    @Inject
    public JdbcFreezeStore(Database db) {
        this.db = db;
    }

    @Override
    public Freeze create(SitePattern sites, String reason, String createdBy, Instant createdAt, Instant endsAt) {
        return changed(db.inTransaction(c -> {
            long id;
            // Prepared anew: rare, and it asks for the generated key.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_freeze (site_glob, reason, created_by,"
                    + " created_at, ends_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, sites.text());
                ps.setString(2, reason);
                ps.setString(3, createdBy);
                ps.setLong(4, createdAt.toEpochMilli());
                ps.setLong(5, endsAt.toEpochMilli());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return new Freeze(id, sites, reason, createdBy, createdAt, endsAt, null, null);
        }));
    }

    @Override
    public List<Freeze> active(Instant now) {
        return db.read(c -> activeAt(c, now));
    }

    @Override
    public List<Freeze> activeRecently(Instant now) {
        Read read = recent;
        long changesNow = changes.get();
        if (read == null || read.changes() != changesNow || System.nanoTime() - read.atNanos() > RECENT.toNanos()) {
            long at = System.nanoTime();
            read = new Read(active(now), at, changesNow);
            recent = read;
        }
        return read.freezes().stream().filter(f -> f.isActiveAt(now)).toList();
    }

    /** After a change committed here: reads begun before it are stale. */
    private <T> T changed(T result) {
        changes.incrementAndGet();
        return result;
    }

    @Override
    public Optional<Freeze> lift(long id, String liftedBy, Instant now) {
        return changed(db.inTransaction(c -> {
            Optional<Freeze> freeze = activeAt(c, now).stream().filter(f -> f.id() == id).findFirst();
            if (freeze.isEmpty() || !markLifted(c, id, liftedBy, now)) {
                return Optional.empty();
            }
            Freeze f = freeze.get();
            return Optional
                    .of(new Freeze(f.id(), f.sites(), f.reason(), f.createdBy(), f.createdAt(), f.endsAt(), liftedBy, now));
        }));
    }

    @Override
    public List<Freeze> liftAll(String liftedBy, Instant now) {
        return changed(db.inTransaction(c -> {
            List<Freeze> lifted = new ArrayList<>();
            for (Freeze f : activeAt(c, now)) {
                if (markLifted(c, f.id(), liftedBy, now)) {
                    lifted.add(new Freeze(f.id(), f.sites(), f.reason(), f.createdBy(), f.createdAt(), f.endsAt(), liftedBy,
                            now));
                }
            }
            return lifted;
        }));
    }

    private static boolean markLifted(Connection c, long id, String liftedBy, Instant now) throws SQLException {
        return ChangeRequestRows.execute(c, "UPDATE change_freeze SET lifted_by = ?, lifted_at = ? WHERE id = ?"
                + " AND lifted_at IS NULL", liftedBy, now, id) == 1;
    }

    private static List<Freeze> activeAt(Connection c, Instant now) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, "SELECT " + COLUMNS + " FROM change_freeze WHERE lifted_at IS NULL"
                + " AND ends_at > ? ORDER BY ends_at DESC, id")) {
            PreparedStatement ps = lease.statement();
            ps.setLong(1, now.toEpochMilli());
            List<Freeze> freezes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    freezes.add(new Freeze(rs.getLong("id"), SitePattern.of(rs.getString("site_glob")), rs.getString("reason"),
                            rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                            Instant.ofEpochMilli(rs.getLong("ends_at")), rs.getString("lifted_by"),
                            ChangeRequestRows.instant(rs, "lifted_at")));
                }
            }
            return freezes;
        }
    }
}
