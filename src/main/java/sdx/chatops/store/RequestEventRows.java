package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    static void append(Connection c, String requestId, String siteId, EventKind kind, String actor, RequestState from,
            RequestState to, String detailsJson, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_event (request_id, site_id, kind, actor,"
                + " from_state, to_state, details, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, siteId);
            ps.setString(3, kind.name());
            ps.setString(4, actor);
            ps.setString(5, from == null ? null : from.name());
            ps.setString(6, to == null ? null : to.name());
            ps.setString(7, detailsJson);
            ps.setLong(8, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    static List<RequestEvent> ofRequest(Connection c, String requestId, NoticeCodec codec) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, request_id, site_id, kind, actor, from_state, to_state,"
                + " details, occurred_at FROM request_event WHERE request_id = ? ORDER BY id")) {
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
        return new RequestEvent(rs.getLong("id"), rs.getString("request_id"), rs.getString("site_id"),
                EventKind.valueOf(rs.getString("kind")), rs.getString("actor"), state(rs.getString("from_state")),
                state(rs.getString("to_state")), details, Instant.ofEpochMilli(rs.getLong("occurred_at")));
    }

    private static RequestState state(String name) {
        return name == null ? null : RequestState.valueOf(name);
    }
}
