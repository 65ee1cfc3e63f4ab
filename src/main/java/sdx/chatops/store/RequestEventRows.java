package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import sdx.chatops.approval.AuditTrail;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;

/**
 * The append-only {@code request_event} table: the audit trail. Rows are only ever inserted; the
 * database refuses updates and deletes (triggers in migration V4).
 */
final class RequestEventRows {

    private RequestEventRows() {
    }

    /** The row that stores one event of a request's trail. */
    static Inserts.Row row(String requestId, String siteId, EventKind kind, String actor, RequestState from,
            RequestState to, String detailsJson, Instant at) {
        return new Inserts.Row("INSERT INTO request_event (request_id, site_id, kind, actor,"
                + " from_state, to_state, details, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                new Object[] { requestId, siteId, kind.name(), actor, from == null ? null : from.name(),
                        to == null ? null : to.name(), detailsJson, at.toEpochMilli() });
    }

    static List<RequestEvent> ofRequest(Connection c, String requestId, NoticeCodec codec) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, "SELECT e.id, e.request_id, r.code, e.site_id, e.kind, e.actor,"
                + " e.from_state, e.to_state, e.details, e.occurred_at FROM request_event e JOIN change_request r"
                + " ON r.id = e.request_id WHERE e.request_id = ? ORDER BY e.id")) {
            PreparedStatement ps = lease.statement();
            ps.setString(1, requestId);
            List<RequestEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(map(rs, codec));
                }
            }
            return events;
        }
    }

    static RequestEvent map(ResultSet rs, NoticeCodec codec) throws SQLException {
        Map<String, Object> details = codec.details(rs.getString("details"));
        return new RequestEvent(rs.getLong("id"), rs.getString("request_id"), rs.getString("code"), rs.getString("site_id"),
                EventKind.valueOf(rs.getString("kind")), rs.getString("actor"), state(rs.getString("from_state")),
                state(rs.getString("to_state")), details, Instant.ofEpochMilli(rs.getLong("occurred_at")));
    }

    /** Events matching {@code query}, oldest first, after the cursor. */
    static List<RequestEvent> find(Connection c, AuditTrail.Query query, NoticeCodec codec) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.request_id, r.code, e.site_id, e.kind, e.actor, e.from_state,"
                + " e.to_state, e.details, e.occurred_at FROM request_event e JOIN change_request r ON r.id = e.request_id"
                + " WHERE e.id > ?");
        List<Object> values = new ArrayList<>();
        values.add(query.after());
        if (query.since() != null) {
            sql.append(" AND e.occurred_at >= ?");
            values.add(query.since());
        }
        if (query.until() != null) {
            sql.append(" AND e.occurred_at < ?");
            values.add(query.until());
        }
        if (query.siteId() != null) {
            sql.append(" AND e.site_id = ?");
            values.add(query.siteId());
        }
        if (query.actor() != null) {
            sql.append(" AND e.actor = ?");
            values.add(query.actor());
        }
        sql.append(" ORDER BY e.id LIMIT ?");
        values.add(query.limit());
        try (Statements.Lease lease = Statements.prepare(c, sql.toString())) {
            PreparedStatement ps = lease.statement();
            for (int i = 0; i < values.size(); i++) {
                ChangeRequestRows.bind(ps, i + 1, values.get(i));
            }
            List<RequestEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(map(rs, codec));
                }
            }
            return events;
        }
    }

    private static RequestState state(String name) {
        return name == null ? null : RequestState.valueOf(name);
    }
}
