package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.JobStatus;
import sdx.chatops.approval.RequestState;
import sdx.chatops.sdx.QueueReceipt;
import sdx.chatops.sdx.Site;

/**
 * Change requests in the store. Every state change is a conditional update that reports whether it
 * happened, so concurrent callers learn that they lost a race instead of repeating a side effect.
 */
@ApplicationScoped
public class ChangeRequestStore {

    private static final String COLUMNS = "id, code, team_id, channel_id, channel_name, requester_id, requester_name,"
            + " site_id, site_name, site_has_pulse, script, make_backup, express_execute, needs_acknowledgement, state,"
            + " approval_ts, decided_by, decided_at, sdx_request_id, idempotency_key, sdx_target, sdx_date, job_id,"
            + " job_status, failure, created_at, submitted_at, submit_attempts, response_url";

    public void insert(Connection c, ChangeRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_request (id, code, team_id, channel_id,"
                + " channel_name, requester_id, requester_name, site_id, site_name, site_has_pulse, script, make_backup,"
                + " express_execute, needs_acknowledgement, state, created_at, updated_at, response_url)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.code());
            ps.setString(3, r.teamId());
            ps.setString(4, r.channelId());
            ps.setString(5, r.channelName());
            ps.setString(6, r.requesterId());
            ps.setString(7, r.requesterName());
            ps.setString(8, r.site().id());
            ps.setString(9, r.site().name());
            ps.setInt(10, r.site().hasPulse() ? 1 : 0);
            ps.setString(11, r.script());
            ps.setInt(12, r.options().makeBackup() ? 1 : 0);
            ps.setInt(13, r.options().expressExecute() ? 1 : 0);
            ps.setInt(14, r.options().needsAcknowledgement() ? 1 : 0);
            ps.setString(15, r.state().name());
            ps.setLong(16, r.createdAt().toEpochMilli());
            ps.setLong(17, r.createdAt().toEpochMilli());
            ps.setString(18, r.responseUrl());
            ps.executeUpdate();
        }
    }

    public Optional<ChangeRequest> find(Connection c, String id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE id = ?", id);
    }

    public Optional<ChangeRequest> findByNotifyTokenHash(Connection c, String tokenHash) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM change_request WHERE notify_token_hash = ?", tokenHash);
    }

    /** Requests that have been in {@code state} since before {@code before}, oldest first. */
    public List<String> idsInState(Connection c, RequestState state, Instant before, int limit) throws SQLException {
        return ids(c, "SELECT id FROM change_request WHERE state = '" + state.name() + "' AND updated_at <= ?"
                + " ORDER BY updated_at LIMIT ?", before, limit);
    }

    private static List<String> ids(Connection c, String sql, Instant time, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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

    /** {@code PENDING -> APPROVED|REJECTED}, once. */
    public boolean decide(Connection c, String id, RequestState decision, String decidedBy, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = ?, decided_by = ?,"
                + " decided_at = ?, updated_at = ? WHERE id = ? AND state = 'PENDING'")) {
            ps.setString(1, decision.name());
            ps.setString(2, decidedBy);
            ps.setLong(3, at.toEpochMilli());
            ps.setLong(4, at.toEpochMilli());
            ps.setString(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** {@code PENDING -> CANCELLED}, with the reason in words. */
    public boolean cancel(Connection c, String id, String reason, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = 'CANCELLED', failure = ?,"
                + " updated_at = ? WHERE id = ? AND state = 'PENDING'")) {
            ps.setString(1, reason);
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** {@code APPROVED -> SUBMITTING}, once, remembering the hash of the job's callback token. */
    public boolean claimForSubmission(Connection c, String id, String notifyTokenHash, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = 'SUBMITTING',"
                + " notify_token_hash = ?, submitted_at = ?, submit_attempts = submit_attempts + 1, not_before = NULL,"
                + " updated_at = ? WHERE id = ? AND state = 'APPROVED'")) {
            ps.setString(1, notifyTokenHash);
            ps.setLong(2, at.toEpochMilli());
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** {@code SUBMITTING -> APPROVED}: nothing reached SDX, try again from {@code notBefore}. */
    public boolean deferSubmission(Connection c, String id, Instant notBefore, String reason, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = 'APPROVED', not_before = ?,"
                + " failure = ?, updated_at = ? WHERE id = ? AND state = 'SUBMITTING'")) {
            ps.setLong(1, notBefore.toEpochMilli());
            ps.setString(2, reason);
            ps.setLong(3, at.toEpochMilli());
            ps.setString(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Approved requests whose (next) submission is due. */
    public List<String> dueForSubmission(Connection c, Instant now, int limit) throws SQLException {
        return ids(c, "SELECT id FROM change_request WHERE state = 'APPROVED' AND (not_before IS NULL OR not_before <= ?)"
                + " ORDER BY updated_at LIMIT ?", now, limit);
    }

    /** Unknown outcomes to reconcile and queued or running jobs to poll, whose next check is due. */
    public List<String> dueForCheck(Connection c, Instant now, int limit) throws SQLException {
        return ids(c, "SELECT id FROM change_request WHERE state IN ('UNKNOWN', 'QUEUED', 'RUNNING')"
                + " AND not_before IS NOT NULL AND not_before <= ? ORDER BY not_before LIMIT ?", now, limit);
    }

    public void setNextCheck(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET not_before = ? WHERE id = ?")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * Takes a request's background work (reconcile, poll) for {@code until}, unless another
     * instance holds it: what several replicas see due is still done once.
     */
    public boolean lease(Connection c, String id, String owner, Instant until, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET lease_owner = ?, lease_until = ?"
                + " WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)")) {
            ps.setString(1, owner);
            ps.setLong(2, until.toEpochMilli());
            ps.setString(3, id);
            ps.setLong(4, now.toEpochMilli());
            ps.setString(5, owner);
            return ps.executeUpdate() == 1;
        }
    }

    public void release(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** {@code UNKNOWN -> QUEUED}: the job was found in SDX after all. */
    public boolean adoptJob(Connection c, String id, String jobId, String idempotencyKey, Instant nextCheck, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = 'QUEUED', job_id = ?,"
                + " idempotency_key = ?, failure = NULL, not_before = ?, updated_at = ? WHERE id = ? AND state = 'UNKNOWN'")) {
            ps.setString(1, jobId);
            ps.setString(2, idempotencyKey);
            ps.setLong(3, nextCheck.toEpochMilli());
            ps.setLong(4, at.toEpochMilli());
            ps.setString(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    public void setJobId(Connection c, String id, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET job_id = ? WHERE id = ?")) {
            ps.setString(1, jobId);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** {@code SUBMITTING -> QUEUED} with SDX's receipt; the job is checked on from {@code nextCheck}. */
    public boolean markQueued(Connection c, String id, QueueReceipt receipt, Instant nextCheck, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = 'QUEUED', sdx_request_id = ?,"
                + " idempotency_key = ?, sdx_target = ?, sdx_date = ?, not_before = ?, failure = NULL, updated_at = ?"
                + " WHERE id = ? AND state = 'SUBMITTING'")) {
            ps.setString(1, receipt.requestId());
            ps.setString(2, receipt.idempotencyKey());
            ps.setString(3, receipt.target());
            ps.setString(4, receipt.date());
            ps.setLong(5, nextCheck.toEpochMilli());
            ps.setLong(6, at.toEpochMilli());
            ps.setString(7, id);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * {@code from -> SUBMIT_FAILED|UNKNOWN} with the reason in words; an unknown outcome is
     * reconciled from {@code nextCheck}.
     */
    public boolean markNotQueued(Connection c, String id, RequestState from, RequestState outcome, String failure,
            Instant nextCheck, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET state = ?, failure = ?, not_before = ?,"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
            ps.setString(1, outcome.name());
            ps.setString(2, failure);
            setMillis(ps, 3, nextCheck);
            ps.setLong(4, at.toEpochMilli());
            ps.setString(5, id);
            ps.setString(6, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Records a job status if it moves the job forward, i.e. ranks strictly higher than the current
     * one: never after a terminal status, never a late earlier status, never the same status twice.
     */
    public boolean advanceJobStatus(Connection c, String id, JobStatus status, String jobId, Instant nextCheck, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET job_status = ?, job_status_rank = ?,"
                + " job_id = COALESCE(?, job_id), state = ?, last_status_at = ?, not_before = ?, updated_at = ?"
                + " WHERE id = ? AND job_status_rank < ?"
                + " AND state IN ('SUBMITTING', 'UNKNOWN', 'QUEUED', 'RUNNING')")) {
            ps.setString(1, status.name());
            ps.setInt(2, status.rank());
            ps.setString(3, jobId);
            ps.setString(4, status.requestState().name());
            ps.setLong(5, at.toEpochMilli());
            setMillis(ps, 6, status.isTerminal() ? null : nextCheck);
            ps.setLong(7, at.toEpochMilli());
            ps.setString(8, id);
            ps.setInt(9, status.rank());
            return ps.executeUpdate() == 1;
        }
    }

    public void recordJobEvent(Connection c, String id, JobStatus status, boolean applied, String payload, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_event (request_id, status, applied, payload,"
                + " received_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, status.name());
            ps.setInt(3, applied ? 1 : 0);
            ps.setString(4, payload);
            ps.setLong(5, at.toEpochMilli());
            ps.executeUpdate();
        }
    }

    public void setApprovalTs(Connection c, String id, String ts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_request SET approval_ts = ? WHERE id = ?")) {
            ps.setString(1, ts);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private Optional<ChangeRequest> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
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
        Instant decided = instant(rs, "decided_at");
        return new ChangeRequest(rs.getString("id"), rs.getString("code"), rs.getString("team_id"),
                rs.getString("channel_id"), rs.getString("channel_name"), rs.getString("requester_id"),
                rs.getString("requester_name"),
                new Site(rs.getString("site_id"), rs.getString("site_name"), rs.getInt("site_has_pulse") == 1),
                rs.getString("script"),
                new JobOptions(rs.getInt("make_backup") == 1, rs.getInt("express_execute") == 1,
                        rs.getInt("needs_acknowledgement") == 1),
                RequestState.valueOf(rs.getString("state")), rs.getString("approval_ts"), rs.getString("decided_by"),
                decided, receipt, rs.getString("job_id"), rs.getString("job_status"), rs.getString("failure"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "submitted_at"), rs.getInt("submit_attempts"),
                rs.getString("response_url"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setMillis(PreparedStatement ps, int index, Instant time) throws SQLException {
        if (time == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, time.toEpochMilli());
        }
    }
}
