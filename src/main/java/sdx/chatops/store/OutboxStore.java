package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Slack calls recorded with the state change that causes them, delivered later by the outbox worker. */
@ApplicationScoped
public class OutboxStore {

    public void enqueue(Connection c, String requestId, OutboxKind kind, String payload, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (request_id, kind, payload, next_attempt_at,"
                + " created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, kind.name());
            ps.setString(3, payload);
            ps.setLong(4, at.toEpochMilli());
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /** A thread reply, then the approval message re-rendered: how every change after the decision is told. */
    public void replyAndRefresh(Connection c, String requestId, String text, Instant at) throws SQLException {
        enqueue(c, requestId, OutboxKind.THREAD_REPLY, text, at);
        enqueue(c, requestId, OutboxKind.APPROVAL_UPDATE, null, at);
    }

    /**
     * The oldest open entry of each request, if it is due. A later entry of the same request never
     * overtakes an earlier one that waits for a retry.
     */
    public List<OutboxEntry> due(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.request_id, o.kind, o.payload, o.attempts"
                + " FROM outbox o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?"
                + " AND (o.claimed_until IS NULL OR o.claimed_until < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.request_id = o.request_id AND p.id < o.id"
                + " AND p.delivered_at IS NULL AND p.failed_at IS NULL)"
                + " ORDER BY o.id LIMIT ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
            List<OutboxEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getLong(1), rs.getString(2), OutboxKind.valueOf(rs.getString(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
            return entries;
        }
    }

    /**
     * Takes an entry for delivery until {@code until}, unless another instance has it: with several
     * replicas each message is sent by one. A crashed owner's claim simply runs out.
     */
    public boolean claim(Connection c, long id, String owner, Instant until, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET claimed_by = ?, claimed_until = ?"
                + " WHERE id = ? AND delivered_at IS NULL AND failed_at IS NULL"
                + " AND (claimed_until IS NULL OR claimed_until < ?)")) {
            ps.setString(1, owner);
            ps.setLong(2, until.toEpochMilli());
            ps.setLong(3, id);
            ps.setLong(4, now.toEpochMilli());
            return ps.executeUpdate() == 1;
        }
    }

    /** Drops every claim: only for a single-instance store at start-up, when no other owner can exist. */
    public int releaseAllClaims(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_until IS NOT NULL")) {
            return ps.executeUpdate();
        }
    }

    public void unclaim(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c
                .prepareStatement("UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public void delivered(Connection c, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1,"
                + " last_error = NULL, claimed_until = NULL WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public void retryAt(Connection c, long id, Instant next, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1,"
                + " last_error = ?, claimed_until = NULL WHERE id = ?")) {
            ps.setLong(1, next.toEpochMilli());
            ps.setString(2, error);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    public void failed(Connection c, long id, Instant at, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET failed_at = ?, attempts = attempts + 1,"
                + " last_error = ?, claimed_until = NULL WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, error);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    /** Open entries, for health and tests. */
    public int openCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
