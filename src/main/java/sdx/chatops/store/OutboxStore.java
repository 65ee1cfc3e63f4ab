package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.AuditLog;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.Transition;
import sdx.chatops.tracing.StoredTrace;

/**
 * The Slack outbox: notices recorded with the state change that causes them (by
 * {@link JdbcRequestStore}), delivered later by the Slack outbox worker. Each method is one
 * transaction; claims keep several replicas from delivering the same entry.
 */
@ApplicationScoped
public class OutboxStore {

    /** Due entries looked at when the first few cannot fill a round, so that a busy channel does not hide the others. */
    private static final int LOOK_AHEAD = 200;
    /** Due entries looked at first (at least; twice the round's limit when that is more). */
    private static final int FIRST_LOOK = 8;

    private final Database db;
    private final NoticeCodec codec;
    private final InstanceId instance;

    @Inject
    public OutboxStore(Database db, NoticeCodec codec, InstanceId instance) {
        this.db = db;
        this.codec = codec;
        this.instance = instance;
    }

    /** The row of a new entry; {@code trace} (null without one) is the trace its delivery continues. */
    static Inserts.Row entry(NoticeCodec codec, String requestId, Notice notice, Instant at, StoredTrace trace) {
        NoticeCodec.Stored stored = codec.store(notice);
        return new Inserts.Row("INSERT INTO outbox (request_id, kind, payload, next_attempt_at,"
                + " created_at, traceparent, tracestate) VALUES (?, ?, ?, ?, ?, ?, ?)",
                new Object[] { requestId, stored.kind(), stored.json(), at.toEpochMilli(), at.toEpochMilli(),
                        trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate() });
    }

    /** Which channel delivering an entry posts a new message in (and so is paced), or null. */
    @FunctionalInterface
    public interface Pacing {
        String pacedChannel(OutboxEntry entry, ChangeRequest request);
    }

    /** An entry taken for delivery, with its request as stored when it was taken. */
    public record Claimed(OutboxEntry entry, ChangeRequest request) {
    }

    /**
     * What one claim round took; {@code paceFreeAt} is the earliest time a channel that had
     * something due becomes free again (null when no entry waited for its channel).
     */
    public record Claim(List<Claimed> claimed, Instant paceFreeAt) {
    }

    /**
     * Takes up to {@code limit} due entries for delivery in one transaction: the oldest open entry of
     * each request (a later entry of a request never overtakes an earlier one waiting for a retry),
     * unclaimed, with at most one post per channel and only if the channel's pace allows it now. A
     * channel busy with a burst holds up no other channel: entries behind its own are looked at too.
     * Rows are locked in one order (entries by id, then channels by name), so replicas claiming at
     * the same time wait for each other instead of deadlocking; each entry goes to one of them.
     */
    public Claim claimDue(Instant now, int limit, Duration lease, Duration pace, Pacing pacing) {
        return round(List.of(), now, limit, lease, pace, pacing);
    }

    private Claim claim(Connection c, Instant now, int limit, Duration lease, Duration pace, Pacing pacing)
            throws SQLException {
        // Most rounds fill from the first few due entries (their channels are free); reading the whole
        // look-ahead with payloads and requests every round cost more CPU than the posts themselves
        // under a backlog. Only when those few cannot fill the round (busy channels) is it read.
        int window = Math.min(LOOK_AHEAD, Math.max(limit * 2, FIRST_LOOK));
        for (;;) {
            List<OutboxEntry> due = due(c, now, window);
            if (due.isEmpty()) {
                return new Claim(List.of(), null);
            }
            Map<String, ChangeRequest> requests = requests(c, due);
            Map<OutboxEntry, String> channels = new HashMap<>();
            for (OutboxEntry entry : due) {
                ChangeRequest request = requests.get(entry.requestId());
                if (request != null) {
                    channels.put(entry, pacing.pacedChannel(entry, request));
                }
            }
            Map<String, Instant> busy = ChannelPace.busyUntil(c, channels.values(), now);
            Picks picks = pick(due, requests, channels, busy, limit, now.plus(pace));
            if (picks.entries().size() < limit && due.size() == window && window < LOOK_AHEAD) {
                window = LOOK_AHEAD;
                continue;
            }
            return take(c, picks, requests, channels, now, lease, pace);
        }
    }

    /**
     * Which due entries to claim, without writing anything: in due order, up to {@code limit}, skipping
     * entries of unknown requests and of busy channels, at most one post per channel.
     */
    private static Picks pick(List<OutboxEntry> due, Map<String, ChangeRequest> requests,
            Map<OutboxEntry, String> channels, Map<String, Instant> busy, int limit, Instant nextPace) {
        Instant freeAt = busy.values().stream().min(Instant::compareTo).orElse(null);
        Set<String> taken = new HashSet<>();
        List<OutboxEntry> picked = new ArrayList<>();
        for (OutboxEntry entry : due) {
            if (picked.size() >= limit) {
                break;
            }
            String channel = channels.get(entry);
            if (requests.get(entry.requestId()) == null || busy.containsKey(channel)) {
                continue;
            }
            if (channel != null && !taken.add(channel)) {
                freeAt = freeAt == null || nextPace.isBefore(freeAt) ? nextPace : freeAt;
                continue;
            }
            picked.add(entry);
        }
        return new Picks(picked, freeAt);
    }

    private record Picks(List<OutboxEntry> entries, Instant freeAt) {
    }

    /**
     * Claims the picked entries, then reserves their channels' pace (channels in name order), each as
     * one batch of statements.
     */
    private Claim take(Connection c, Picks picks, Map<String, ChangeRequest> requests, Map<OutboxEntry, String> channels,
            Instant now, Duration lease, Duration pace) throws SQLException {
        Instant freeAt = picks.freeAt();
        Map<String, Claimed> paced = new TreeMap<>();
        List<Claimed> claimed = new ArrayList<>();
        List<OutboxEntry> entries = picks.entries();
        int[] taken = claim(c, entries, now.plus(lease), now);
        for (int i = 0; i < entries.size(); i++) {
            if (taken[i] != 1) {
                continue;
            }
            OutboxEntry entry = entries.get(i);
            String channel = channels.get(entry);
            Claimed one = new Claimed(entry, requests.get(entry.requestId()));
            if (channel == null) {
                claimed.add(one);
            } else {
                paced.put(channel, one);
            }
        }
        Map<String, Instant> refused = ChannelPace.reserve(c, paced.keySet(), pace, now);
        for (Map.Entry<String, Claimed> post : paced.entrySet()) {
            Instant busyUntil = refused.get(post.getKey());
            if (busyUntil == null) {
                claimed.add(post.getValue());
            } else {
                // Another replica posted in the channel since it was looked at.
                release(c, post.getValue().entry().id());
                freeAt = freeAt == null || busyUntil.isBefore(freeAt) ? busyUntil : freeAt;
            }
        }
        claimed.sort(Comparator.comparingLong(t -> t.entry().id()));
        return new Claim(claimed, freeAt);
    }

    /**
     * Due, unclaimed entries that are the oldest open entry of their request, in due order. The
     * candidates come from outbox_due (V7, V9: open entries by next attempt, so the query reads the
     * backlog, not the table); for each, a scalar subquery finds its request's oldest open entry in
     * outbox_open (V1), a lookup by request whatever the statistics say. (As {@code NOT EXISTS}, an
     * anti-join, PostgreSQL planned it with statistics of an empty backlog as a scan of every open
     * entry for every candidate: docs/performance.md, item 24.)
     */
    static final String DUE = "SELECT o.id, o.request_id, o.payload, o.attempts, o.created_at, o.traceparent, o.tracestate"
            + " FROM outbox o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= ?"
            + " AND (o.claimed_until IS NULL OR o.claimed_until < ?)"
            + " AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.request_id = o.request_id"
            + " AND p.delivered_at IS NULL AND p.failed_at IS NULL)"
            + " ORDER BY o.next_attempt_at, o.id LIMIT ?";

    private List<OutboxEntry> due(Connection c, Instant now, int limit) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, DUE)) {
            PreparedStatement ps = lease.statement();
            ps.setLong(1, now.toEpochMilli());
            ps.setLong(2, now.toEpochMilli());
            ps.setInt(3, limit);
            List<OutboxEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new OutboxEntry(rs.getLong(1), rs.getString(2), codec.notice(rs.getString(3)),
                            rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5)),
                            StoredTrace.of(rs.getString(6), rs.getString(7))));
                }
            }
            // Claimed in id order whatever the due order, so concurrent claimers lock rows alike.
            entries.sort(Comparator.comparingLong(OutboxEntry::id));
            return entries;
        }
    }

    private static Map<String, ChangeRequest> requests(Connection c, List<OutboxEntry> entries) throws SQLException {
        List<String> ids = entries.stream().map(OutboxEntry::requestId).distinct().toList();
        Map<String, ChangeRequest> found = new HashMap<>();
        for (ChangeRequest request : ChangeRequestRows.withIds(c, ids)) {
            found.put(request.id(), request);
        }
        return found;
    }

    /** Claims each entry that is still open and unclaimed: 1 for each one taken, in order. */
    private int[] claim(Connection c, List<OutboxEntry> entries, Instant until, Instant now) throws SQLException {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) {
            rows.add(new Object[] { instance.value(), until, entry.id(), now });
        }
        return ChangeRequestRows.executeEach(c, "UPDATE outbox SET claimed_by = ?, claimed_until = ?"
                + " WHERE id = ? AND delivered_at IS NULL AND failed_at IS NULL"
                + " AND (claimed_until IS NULL OR claimed_until < ?)", rows);
    }

    private static void release(Connection c, long id) throws SQLException {
        ChangeRequestRows.execute(c, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ?", id);
    }

    /** Drops every claim: only for a single-instance store at start-up, when no other owner can exist. */
    public int releaseAllClaims() {
        return db.inTransaction(c -> ChangeRequestRows.execute(c,
                "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_until IS NOT NULL"));
    }

    /** What became of a delivered entry: written with the next claim round, in its transaction. */
    public sealed interface Done {
        long entryId();

        /** Slack took it. */
        record Delivered(long entryId, Instant at) implements Done {
        }

        /**
         * A new approval message or pointer is in {@code channel}: the request remembers its ts (the
         * approval message's anchors the thread), with an event in its audit trail.
         */
        record Posted(OutboxEntry entry, ChangeRequest request, String channel, String ts, boolean pointer, Instant at)
                implements Done {
            @Override
            public long entryId() {
                return entry.id();
            }
        }

        /** Try again at {@code next}. */
        record Retry(long entryId, Instant next, String error) implements Done {
        }

        /** Never: Slack refused it for good. */
        record Failed(long entryId, Instant at, String error) implements Done {
        }
    }

    /**
     * One round of the outbox worker in one transaction: records what the last deliveries did, then
     * claims what is due next ({@link #claimDue}). Fewer, larger transactions leave the store free
     * for commands and clicks. When it fails nothing is written or claimed, and the caller keeps
     * {@code done} for the next round.
     */
    public Claim round(List<Done> done, Instant now, int limit, Duration lease, Duration pace, Pacing pacing) {
        List<AuditLine> audit = new ArrayList<>();
        Claim claim = db.inTransaction(c -> {
            audit.clear();
            record(c, done, audit);
            return limit > 0 ? claim(c, now, limit, lease, pace, pacing) : new Claim(List.of(), null);
        });
        for (AuditLine line : audit) {
            AuditLog.event(line.event(), line.fields());
        }
        return claim;
    }

    private record AuditLine(String event, Map<String, Object> fields) {
    }

    /** Writes what the deliveries did, each kind of write as one batch of statements. */
    private void record(Connection c, List<Done> done, List<AuditLine> audit) throws SQLException {
        List<Object[]> delivered = new ArrayList<>();
        List<Object[]> approvalTs = new ArrayList<>();
        List<Object[]> pointerTs = new ArrayList<>();
        Inserts events = new Inserts();
        for (Done d : done) {
            if (d instanceof Done.Delivered one) {
                delivered.add(new Object[] { one.at(), one.entryId() });
            } else if (d instanceof Done.Posted posted) {
                ChangeRequest request = posted.request();
                EventKind kind = posted.pointer() ? EventKind.POINTER_POSTED : EventKind.APPROVAL_POSTED;
                String details = codec.write(Map.of("channel", posted.channel(), "ts", posted.ts()));
                delivered.add(new Object[] { posted.at(), posted.entryId() });
                (posted.pointer() ? pointerTs : approvalTs).add(new Object[] { posted.ts(), request.id() });
                events.add(RequestEventRows.row(request.id(), request.site().id(), kind, Transition.BOT, request.state(),
                        request.state(), details, posted.at()));
                audit.add(new AuditLine(kind.name(), AuditLines.of(request, Transition.BOT, request.state(), request.state(),
                        details)));
            } else if (d instanceof Done.Retry retry) {
                ChangeRequestRows.execute(c, "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1, last_error = ?,"
                        + " claimed_until = NULL WHERE id = ?", retry.next(), retry.error(), retry.entryId());
            } else if (d instanceof Done.Failed failed) {
                ChangeRequestRows.execute(c, "UPDATE outbox SET failed_at = ?, attempts = attempts + 1, last_error = ?,"
                        + " claimed_until = NULL WHERE id = ?", failed.at(), failed.error(), failed.entryId());
            }
        }
        ChangeRequestRows.executeEach(c, "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1,"
                + " last_error = NULL, claimed_until = NULL WHERE id = ?", delivered);
        ChangeRequestRows.executeEach(c, "UPDATE change_request SET approval_ts = ? WHERE id = ?", approvalTs);
        ChangeRequestRows.executeEach(c, "UPDATE change_request SET pointer_ts = ? WHERE id = ?", pointerTs);
        Inserts.insertTogether(c, List.of(events));
    }
}
