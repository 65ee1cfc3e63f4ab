package sdx.chatops.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.AuditLog;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.approval.Transition;
import sdx.chatops.tracing.StoredTrace;

/**
 * Requests in SQLite or PostgreSQL. {@link #apply(Transition)} is the one place where a request
 * changes state: the row is read under a lock, the transition is checked against it, and the update,
 * its {@code request_event} row and its outbox entries are written in the same transaction.
 */
@ApplicationScoped
public class JdbcRequestStore implements RequestStore {

    private final Database db;
    private final NoticeCodec codec;
    private final OutboxSignal signal;
    private final InstanceId instance;

    @Inject
    public JdbcRequestStore(Database db, NoticeCodec codec, OutboxSignal signal, InstanceId instance) {
        this.db = db;
        this.codec = codec;
        this.signal = signal;
        this.instance = instance;
    }

    @Override
    public boolean create(ChangeRequest request, Transition created) {
        // Taken here, on the caller's thread: a group commit may run the write on another one.
        StoredTrace trace = StoredTrace.current();
        List<Map<String, Object>> audit = new ArrayList<>();
        // Only inserts, written down as rows: a burst of new requests goes to the database together.
        Inserts rows = new Inserts().add(ChangeRequestRows.row(request))
                .add(eventRow(request, created, null, request.state(), created.details(), audit));
        enqueue(rows, created, trace);
        try {
            // A code already taken fails the insert (the column is unique): no look first, which
            // would cost every command a statement for a clash that almost never happens.
            db.insertShared(rows);
        } catch (StoreException e) {
            // The code is taken (here or by another replica): only this write was rolled back.
            if (e.getCause() instanceof SQLException sql && Database.isUniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
        wakeIfTold(true, created);
        writeAudit(true, created, audit);
        return true;
    }

    @Override
    public Optional<ChangeRequest> apply(Transition t) {
        StoredTrace trace = StoredTrace.current();
        List<Map<String, Object>> audit = new ArrayList<>();
        Optional<ChangeRequest> after = db.inTransaction(c -> {
            Optional<ChangeRequest> current = ChangeRequestRows.findForUpdate(c, db, t.requestId());
            if (current.isEmpty()) {
                return Optional.empty();
            }
            ChangeRequest before = current.get();
            if (!t.appliesTo(before)) {
                if (t.recordsWhenRefused()) {
                    eventRow(before, t, before.state(), before.state(), withApplied(t, false), audit).insert(c);
                }
                return Optional.empty();
            }
            ChangeRequestRows.update(c, before, t);
            if (t.kind() == EventKind.SUBMISSION_STARTED) {
                // The trace the job goes to SDX in: SDX's callbacks for it continue this one (JobTraces).
                ChangeRequestRows.execute(c, "UPDATE change_request SET job_traceparent = ?, job_tracestate = ? WHERE id = ?",
                        trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate(), t.requestId());
            }
            RequestState to = t.targetState(before);
            eventRow(before, t, before.state(), to, t.recordsWhenRefused() ? withApplied(t, true) : t.details(), audit)
                    .insert(c);
            Inserts notices = new Inserts();
            enqueue(notices, t, trace);
            notices.insertEach(c);
            return ChangeRequestRows.find(c, t.requestId());
        });
        wakeIfTold(after.isPresent(), t);
        writeAudit(true, t, audit);
        return after;
    }

    @Override
    public Optional<ChangeRequest> find(String id) {
        return db.read(c -> ChangeRequestRows.find(c, id));
    }

    @Override
    public Optional<ChangeRequest> findByNotifyTokenHash(String tokenHash) {
        return db.read(c -> ChangeRequestRows.findByNotifyTokenHash(c, tokenHash));
    }

    @Override
    public List<RequestEvent> events(String requestId) {
        return db.read(c -> RequestEventRows.ofRequest(c, requestId, codec));
    }

    @Override
    public List<String> dueForSubmission(Instant now, int limit) {
        return db.read(c -> ChangeRequestRows.ids(c, "SELECT id FROM change_request WHERE state = 'APPROVED'"
                + " AND (not_before IS NULL OR not_before <= ?) ORDER BY updated_at LIMIT ?", now, limit));
    }

    @Override
    public List<ChangeRequest> pending(int limit) {
        return db.read(c -> ChangeRequestRows.list(c, "WHERE state = 'PENDING' ORDER BY created_at LIMIT ?", limit));
    }

    @Override
    public List<ChangeRequest> recentOnSite(String siteId, int limit) {
        return db.read(
                c -> ChangeRequestRows.list(c, "WHERE site_id = ? ORDER BY created_at DESC LIMIT ?", siteId, limit));
    }

    @Override
    public List<ChangeRequest> recentByRequester(String requesterId, int limit) {
        return db.read(
                c -> ChangeRequestRows.list(c, "WHERE requester_id = ? ORDER BY created_at DESC LIMIT ?", requesterId, limit));
    }

    @Override
    public List<String> expiredPending(Instant now, int limit) {
        return db.read(c -> ChangeRequestRows.ids(c, "SELECT id FROM change_request WHERE state = 'PENDING'"
                + " AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?", now, limit));
    }

    @Override
    public Optional<ChangeRequest> findByCode(String code) {
        return db.read(c -> ChangeRequestRows.findByCode(c, code));
    }

    /**
     * Jobs due for a look at SDX, by next check: read through change_request_check (V10), not the
     * table. The state is compared as {@code state || ''}, which no index answers: SQLite otherwise
     * prefers any equality and would read every request in these states (finished ones included,
     * nearly all of them) and sort them.
     */
    static final String DUE_FOR_CHECK = "SELECT id FROM change_request"
            + " WHERE (state || '') IN ('UNKNOWN', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED') AND not_before IS NOT NULL"
            + " AND not_before <= ? ORDER BY not_before LIMIT ?";

    @Override
    public List<String> dueForCheck(Instant now, int limit) {
        return db.read(c -> ChangeRequestRows.ids(c, DUE_FOR_CHECK, now, limit));
    }

    @Override
    public List<String> idsInState(RequestState state, Instant before, int limit) {
        return db.read(c -> ChangeRequestRows.ids(c, "SELECT id FROM change_request WHERE state = '"
                + state.name() + "' AND updated_at <= ? ORDER BY updated_at LIMIT ?", before, limit));
    }

    @Override
    public void setNextCheck(String id, Instant at) {
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE change_request SET not_before = ? WHERE id = ?", at, id));
    }

    @Override
    public void setJobId(String id, String jobId) {
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE change_request SET job_id = ? WHERE id = ?", jobId, id));
    }

    @Override
    public boolean lease(String id, Instant until, Instant now) {
        return db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE change_request SET lease_owner = ?,"
                + " lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
                instance.value(), until, id, now, instance.value()) == 1);
    }

    @Override
    public void release(String id) {
        db.inTransaction(c -> ChangeRequestRows.execute(c,
                "UPDATE change_request SET lease_owner = NULL, lease_until = NULL WHERE id = ?", id));
    }

    /** The event's row; its audit line goes to {@code audit}, to be written once it is committed. */
    private Inserts.Row eventRow(ChangeRequest request, Transition t, RequestState from, RequestState to,
            Map<String, Object> details, List<Map<String, Object>> audit) {
        String json = codec.write(details);
        audit.add(AuditLines.of(request, t.actor(), from, to, json));
        return RequestEventRows.row(request.id(), request.site().id(), t.kind(), t.actor(), from, to, json, t.at());
    }

    /** Once the events are committed, each becomes one line on the {@code sdx.audit} logger. */
    private static void writeAudit(boolean committed, Transition t, List<Map<String, Object>> audit) {
        if (committed) {
            audit.forEach(fields -> AuditLog.event(t.kind().name(), fields));
        }
    }

    private void enqueue(Inserts rows, Transition t, StoredTrace trace) {
        for (Notice notice : t.notices()) {
            rows.add(OutboxStore.entry(codec, t.requestId(), notice, t.at(), trace));
        }
    }

    private static Map<String, Object> withApplied(Transition t, boolean applied) {
        Map<String, Object> details = new LinkedHashMap<>(t.details());
        details.put("applied", applied);
        return details;
    }

    private void wakeIfTold(boolean happened, Transition t) {
        if (happened && !t.notices().isEmpty()) {
            signal.wake();
        }
    }
}
