package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.JobStatus;
import sdx.chatops.approval.QueueReceipt;
import sdx.chatops.approval.RequestField;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.Site;
import sdx.chatops.approval.Transition;

/** The {@code change_request} table, inside a transaction someone else owns. */
final class ChangeRequestRows {

    private static final String COLUMNS = "id, code, team_id, enterprise_id, channel_id, channel_name, requester_id,"
            + " requester_name, site_id, site_name, site_has_pulse, script, make_backup, express_execute,"
            + " needs_acknowledgement, state, approval_ts, decided_by, decided_at, sdx_request_id, idempotency_key,"
            + " sdx_target, sdx_date, job_id, job_status, failure, created_at, submitted_at, submit_attempts, response_url,"
            + " rule_name, approved_by, required_approvals, expires_at, emergency_reason, reason, approval_channel_id,"
            + " pointer_ts, warnings";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeRequestRows() {
    }

    /** The row that stores a new request. */
    static Inserts.Row row(ChangeRequest r) {
        return new Inserts.Row("INSERT INTO change_request (id, code, team_id, enterprise_id,"
                + " channel_id, channel_name, requester_id, requester_name, site_id, site_name, site_has_pulse, script,"
                + " make_backup, express_execute, needs_acknowledgement, state, created_at, updated_at, response_url,"
                + " rule_name, required_approvals, expires_at, emergency_reason, reason, approval_channel_id, warnings)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new Object[] { r.id(), r.code(), r.teamId(), r.enterpriseId(), r.channelId(), r.channelName(),
                        r.requesterId(), r.requesterName(), r.site().id(), r.site().name(), r.site().hasPulse() ? 1 : 0,
                        r.script(), r.options().makeBackup() ? 1 : 0, r.options().expressExecute() ? 1 : 0,
                        r.options().needsAcknowledgement() ? 1 : 0, r.state().name(), r.createdAt().toEpochMilli(),
                        r.createdAt().toEpochMilli(), r.responseUrl(), r.ruleName(), r.requiredApprovals(),
                        r.expiresAt() == null ? Null.NUMBER : r.expiresAt(), r.emergencyReason(), r.reason(),
                        r.approvalChannel(), warnings(r.warnings()) });
    }

    static Optional<ChangeRequest> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE id = ?", id);
    }

    /** The request, locked for the rest of the transaction where the database needs a lock. */
    static Optional<ChangeRequest> findForUpdate(Connection c, Database db, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE id = ?" + db.forUpdate(), id);
    }

    /** Requests matching {@code where} (a WHERE ... ORDER BY ... LIMIT clause) with its parameters. */
    static List<ChangeRequest> list(Connection c, String where, Object... parameters) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, "SELECT " + COLUMNS + " FROM change_request " + where)) {
            return list(lease.statement(), parameters);
        }
    }

    /** The requests with these ids, in no particular order (an IN list: its statement is not kept). */
    static List<ChangeRequest> withIds(Connection c, List<String> ids) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (Statements.Lease lease = Statements.prepareOnce(c,
                "SELECT " + COLUMNS + " FROM change_request WHERE id IN (" + marks + ")")) {
            return list(lease.statement(), ids.toArray());
        }
    }

    private static List<ChangeRequest> list(PreparedStatement ps, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bind(ps, i + 1, parameters[i]);
        }
        List<ChangeRequest> requests = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                requests.add(map(rs));
            }
        }
        return requests;
    }

    static Optional<ChangeRequest> findByCode(Connection c, String code) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE code = ?", code);
    }

    static Optional<ChangeRequest> findByNotifyTokenHash(Connection c, String tokenHash) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE notify_token_hash = ?", tokenHash);
    }

    /** Writes a transition's state and fields; the caller has checked that it applies to {@code before}. */
    static void update(Connection c, ChangeRequest before, Transition t) throws SQLException {
        List<String> sets = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        sets.add("state = ?");
        values.add(t.targetState(before).name());
        for (Map.Entry<RequestField, Object> change : t.changes().entrySet()) {
            Object value = change.getValue();
            switch (change.getKey()) {
                case DECIDED_BY -> column(sets, values, "decided_by", value);
                case DECIDED_AT -> column(sets, values, "decided_at", millis(value));
                case FAILURE -> column(sets, values, "failure", value);
                case NOT_BEFORE -> column(sets, values, "not_before", millis(value));
                case NOTIFY_TOKEN_HASH -> column(sets, values, "notify_token_hash", value);
                case SUBMITTED_AT -> column(sets, values, "submitted_at", millis(value));
                case SUBMIT_ATTEMPTS -> column(sets, values, "submit_attempts", value);
                case IDEMPOTENCY_KEY -> column(sets, values, "idempotency_key", value);
                case JOB_ID -> column(sets, values, "job_id", value);
                case LAST_STATUS_AT -> column(sets, values, "last_status_at", millis(value));
                case APPROVAL -> {
                    List<String> approvals = new ArrayList<>(before.approvals());
                    approvals.add((String) value);
                    column(sets, values, "approved_by", String.join(",", approvals));
                }
                case RECEIPT -> {
                    QueueReceipt receipt = (QueueReceipt) value;
                    column(sets, values, "sdx_request_id", receipt.requestId());
                    column(sets, values, "idempotency_key", receipt.idempotencyKey());
                    column(sets, values, "sdx_target", receipt.target());
                    column(sets, values, "sdx_date", receipt.date());
                }
                case JOB_STATUS -> {
                    JobStatus status = (JobStatus) value;
                    column(sets, values, "job_status", status.name());
                    column(sets, values, "job_status_rank", status.rank());
                }
            }
        }
        sets.add("updated_at = ?");
        values.add(t.at().toEpochMilli());
        try (Statements.Lease lease = Statements.prepare(c,
                "UPDATE change_request SET " + String.join(", ", sets) + " WHERE id = ? AND state = ?")) {
            PreparedStatement ps = lease.statement();
            int i = 0;
            for (Object value : values) {
                bind(ps, ++i, value);
            }
            ps.setString(++i, before.id());
            ps.setString(++i, before.state().name());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("request " + before.code() + " changed under its lock");
            }
        }
    }

    static List<String> ids(Connection c, String sql, Instant time, int limit) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            ps.setLong(1, time.toEpochMilli());
            ps.setInt(2, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Runs an UPDATE whose parameters are given in order; returns the rows changed. */
    static int execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            for (int i = 0; i < parameters.length; i++) {
                bind(ps, i + 1, parameters[i]);
            }
            return ps.executeUpdate();
        }
    }

    /**
     * Runs {@code sql} once for each element of {@code rows} (its parameters) as one JDBC batch: one
     * round trip on PostgreSQL instead of one each. Returns each run's update count, in order.
     */
    static int[] executeEach(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            try {
                for (Object[] parameters : rows) {
                    for (int i = 0; i < parameters.length; i++) {
                        bind(ps, i + 1, parameters[i]);
                    }
                    ps.addBatch();
                }
                return ps.executeBatch();
            } catch (SQLException | RuntimeException e) {
                // A kept statement must not carry this batch to its next borrower.
                ps.clearBatch();
                throw e;
            }
        }
    }

    private static void column(List<String> sets, List<Object> values, String column, Object value) {
        sets.add(column + " = ?");
        values.add(value);
    }

    /** A typed SQL NULL: PostgreSQL refuses a NULL typed as text for a number column. */
    record Null(int sqlType) {
        static final Null NUMBER = new Null(Types.BIGINT);
    }

    private static Object millis(Object instant) {
        return instant == null ? Null.NUMBER : ((Instant) instant).toEpochMilli();
    }

    static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else if (value instanceof Null typed) {
            ps.setNull(index, typed.sqlType());
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Integer n) {
            ps.setInt(index, n);
        } else if (value instanceof Instant t) {
            ps.setLong(index, t.toEpochMilli());
        } else {
            throw new IllegalArgumentException("cannot bind " + value.getClass().getSimpleName());
        }
    }

    private static Optional<ChangeRequest> one(Connection c, String sql, String key) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static ChangeRequest map(ResultSet rs) throws SQLException {
        String sdxRequestId = rs.getString("sdx_request_id");
        QueueReceipt receipt = sdxRequestId == null ? null
                : new QueueReceipt(sdxRequestId, rs.getString("idempotency_key"), rs.getString("sdx_target"),
                        rs.getString("sdx_date"));
        return new ChangeRequest(rs.getString("id"), rs.getString("code"), rs.getString("team_id"),
                rs.getString("enterprise_id"), rs.getString("channel_id"), rs.getString("channel_name"),
                rs.getString("requester_id"), rs.getString("requester_name"),
                new Site(rs.getString("site_id"), rs.getString("site_name"), rs.getInt("site_has_pulse") == 1),
                rs.getString("script"),
                new JobOptions(rs.getInt("make_backup") == 1, rs.getInt("express_execute") == 1,
                        rs.getInt("needs_acknowledgement") == 1),
                RequestState.valueOf(rs.getString("state")), rs.getString("approval_ts"), rs.getString("decided_by"),
                instant(rs, "decided_at"), receipt, rs.getString("job_id"), rs.getString("job_status"),
                rs.getString("failure"), Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "submitted_at"),
                rs.getInt("submit_attempts"), rs.getString("response_url"), rs.getString("rule_name"),
                approvals(rs.getString("approved_by")), rs.getInt("required_approvals"), instant(rs, "expires_at"),
                rs.getString("emergency_reason"), rs.getString("reason"), rs.getString("approval_channel_id"),
                rs.getString("pointer_ts"), warnings(rs.getString("warnings")));
    }

    private static List<String> approvals(String stored) {
        return stored == null || stored.isBlank() ? List.of() : List.of(stored.split(","));
    }

    private static String warnings(List<String> warnings) {
        try {
            return warnings.isEmpty() ? null : JSON.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("warnings cannot be stored", e);
        }
    }

    private static List<String> warnings(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(stored, String[].class));
        } catch (JsonProcessingException e) {
            return List.of("(the stored warnings could not be read)");
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
