package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.AuditLog;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.Transition;

/**
 * The Slack outbox: notices recorded with the state change that causes them (by
 * {@link JdbcRequestStore}), delivered later by the Slack outbox worker. Each method is one
 * transaction; claims keep several replicas from delivering the same entry.
 */
@ApplicationScoped
public class OutboxStore {

    private final Database db;
    private final NoticeCodec codec;
    private final InstanceId instance;

    @Inject
    public OutboxStore(Database db, NoticeCodec codec, InstanceId instance) {
        this.db = db;
        this.codec = codec;
        this.instance = instance;
    }

    static void enqueue(Connection c, NoticeCodec codec, String requestId, Notice notice, Instant at) throws SQLException {
        NoticeCodec.Stored stored = codec.store(notice);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (request_id, kind, payload, next_attempt_at,"
                + " created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, stored.kind());
            ps.setString(3, stored.json());
            ps.setLong(4, at.toEpochMilli());
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * The oldest open entry of each request, if it is due and unclaimed. A later entry of the same
     * request never overtakes an earlier one that waits for a retry.
     */
    public List<OutboxEntry> due(Instant now, int limit) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.request_id, o.payload, o.attempts"
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
                        entries.add(new OutboxEntry(rs.getLong(1), rs.getString(2), codec.notice(rs.getString(3)),
                                rs.getInt(4)));
                    }
                }
                return entries;
            }
        });
    }

    /**
     * Takes an entry for delivery until {@code until}, unless another instance has it: with several
     * replicas each message is sent by one. A crashed owner's claim simply runs out.
     */
    public boolean claim(long id, Instant until, Instant now) {
        return db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET claimed_by = ?, claimed_until = ?"
                + " WHERE id = ? AND delivered_at IS NULL AND failed_at IS NULL"
                + " AND (claimed_until IS NULL OR claimed_until < ?)", instance.value(), until, id, now) == 1);
    }

    public void unclaim(long id) {
        db.inTransaction(c -> ChangeRequestRows.execute(c,
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ?", id));
    }

    /** Drops every claim: only for a single-instance store at start-up, when no other owner can exist. */
    public int releaseAllClaims() {
        return db.inTransaction(c -> ChangeRequestRows.execute(c,
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_until IS NOT NULL"));
    }

    public void delivered(long id, Instant at) {
        db.inTransaction(c -> markDelivered(c, id, at));
    }

    /**
     * The approval message is in the channel: the entry is done and the request remembers the
     * message's ts (which anchors its thread), with an event in its audit trail.
     */
    public void approvalPosted(OutboxEntry entry, ChangeRequest request, String channel, String ts, Instant at) {
        String details = codec.write(Map.of("channel", channel, "ts", ts));
        db.inTransaction(c -> {
            markDelivered(c, entry.id(), at);
            ChangeRequestRows.execute(c, "UPDATE change_request SET approval_ts = ? WHERE id = ?", ts, request.id());
            RequestEventRows.append(c, request.id(), request.site().id(), EventKind.APPROVAL_POSTED, Transition.BOT,
                    request.state(), request.state(), details, at);
            return null;
        });
        AuditLog.event(EventKind.APPROVAL_POSTED.name(),
                AuditLines.of(request, Transition.BOT, request.state(), request.state(), details));
    }

    /** The pointer in the request's own channel is posted: the request remembers its ts to refresh it. */
    public void pointerPosted(OutboxEntry entry, ChangeRequest request, String ts, Instant at) {
        String details = codec.write(Map.of("channel", request.channelId(), "ts", ts));
        db.inTransaction(c -> {
            markDelivered(c, entry.id(), at);
            ChangeRequestRows.execute(c, "UPDATE change_request SET pointer_ts = ? WHERE id = ?", ts, request.id());
            RequestEventRows.append(c, request.id(), request.site().id(), EventKind.POINTER_POSTED, Transition.BOT,
                    request.state(), request.state(), details, at);
            return null;
        });
        AuditLog.event(EventKind.POINTER_POSTED.name(),
                AuditLines.of(request, Transition.BOT, request.state(), request.state(), details));
    }

    public void retryAt(long id, Instant next, String error) {
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET next_attempt_at = ?,"
                + " attempts = attempts + 1, last_error = ?, claimed_until = NULL WHERE id = ?", next, error, id));
    }

    public void failed(long id, Instant at, String error) {
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET failed_at = ?, attempts = attempts + 1,"
                + " last_error = ?, claimed_until = NULL WHERE id = ?", at, error, id));
    }

    /** Open entries, for health, metrics and tests. */
    public int openCount() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static int markDelivered(Connection c, long id, Instant at) throws SQLException {
        return ChangeRequestRows.execute(c, "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1,"
                + " last_error = NULL, claimed_until = NULL WHERE id = ?", at, id);
    }
}
