package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.JobStatus;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestField;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.approval.Transition;
import sdx.chatops.testing.ChangeRequests;
import sdx.chatops.testing.Fakes;

/**
 * The one place where a request changes state, against the real database: a transition applies
 * once, with its audit event and its notices in the same transaction, or not at all; the audit trail
 * only grows; a taken code is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class RequestStoreTest {

    @Inject
    RequestStore store;

    @Inject
    Database db;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private ChangeRequest newRequest() {
        ChangeRequests r = ChangeRequests.pending();
        r.id = UUID.randomUUID().toString();
        r.code = "SDX-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        r.channelId = "CSTORE" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        r.approvalTs = null;
        r.createdAt = now;
        return r.build();
    }

    private ChangeRequest created() {
        ChangeRequest request = newRequest();
        assertThat(store.create(request, Transition.of(request.id(), EventKind.CREATED, request.requesterId(), now)
                .to(RequestState.PENDING).detail("channel", request.channelId()))).isTrue();
        return request;
    }

    private Transition approve(ChangeRequest request, String approver) {
        return Transition.of(request.id(), EventKind.APPROVED, approver, now).from(RequestState.PENDING)
                .to(RequestState.APPROVED).set(RequestField.DECIDED_BY, approver).set(RequestField.DECIDED_AT, now);
    }

    private int count(String sql, String requestId) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Test
    void createdRequestStartsItsAuditTrail() {
        ChangeRequest request = created();
        assertThat(store.find(request.id())).get().extracting(ChangeRequest::state).isEqualTo(RequestState.PENDING);
        List<RequestEvent> events = store.events(request.id());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).kind()).isEqualTo(EventKind.CREATED);
        assertThat(events.get(0).actor()).isEqualTo(request.requesterId());
        assertThat(events.get(0).fromState()).isNull();
        assertThat(events.get(0).toState()).isEqualTo(RequestState.PENDING);
        assertThat(events.get(0).siteId()).isEqualTo(request.site().id());
        assertThat(events.get(0).details()).containsEntry("channel", request.channelId());
    }

    @Test
    void takenCodeIsRefusedAndNothingIsStored() {
        ChangeRequest first = created();
        ChangeRequests clash = ChangeRequests.pending();
        clash.id = UUID.randomUUID().toString();
        clash.code = first.code();
        boolean stored = store.create(clash.build(), Transition.of(clash.id, EventKind.CREATED, "U1", now)
                .to(RequestState.PENDING).notify(new Notice.ApprovalMessage()));
        assertThat(stored).isFalse();
        assertThat(store.find(clash.id)).isEmpty();
        assertThat(store.events(clash.id)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ?", clash.id)).isZero();
    }

    @Test
    void transitionAppliesOnceAndRecordsWhoAndTheStatesBeforeAndAfter() {
        ChangeRequest request = created();
        assertThat(store.apply(approve(request, "UAPPROVER1").notify(new Notice.ApprovalRefresh()))).get()
                .satisfies(after -> {
                    assertThat(after.state()).isEqualTo(RequestState.APPROVED);
                    assertThat(after.decidedBy()).isEqualTo("UAPPROVER1");
                    assertThat(after.decidedAt()).isEqualTo(now);
                });
        assertThat(store.apply(approve(request, "UOTHER"))).isEmpty();
        assertThat(store.find(request.id()).orElseThrow().decidedBy()).isEqualTo("UAPPROVER1");
        List<RequestEvent> events = store.events(request.id());
        assertThat(events).extracting(RequestEvent::kind).containsExactly(EventKind.CREATED, EventKind.APPROVED);
        assertThat(events.get(1).actor()).isEqualTo("UAPPROVER1");
        assertThat(events.get(1).fromState()).isEqualTo(RequestState.PENDING);
        assertThat(events.get(1).toState()).isEqualTo(RequestState.APPROVED);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ? AND kind = 'approval_refresh'", request.id()))
                .isEqualTo(1);
    }

    @Test
    void transitionThatDoesNotApplyWritesNothingAtAll() {
        ChangeRequest request = created();
        boolean applied = store.apply(Transition.of(request.id(), EventKind.QUEUED, Transition.SDX, now)
                .from(RequestState.SUBMITTING).to(RequestState.QUEUED).set(RequestField.FAILURE, "x")
                .notify(new Notice.ApprovalRefresh())).isPresent();
        assertThat(applied).isFalse();
        assertThat(store.find(request.id()).orElseThrow().failure()).isNull();
        assertThat(store.events(request.id())).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ?", request.id())).isZero();
    }

    @Test
    void conditionIsCheckedAgainstTheStoredRequest() {
        ChangeRequest request = created();
        assertThat(store.apply(approve(request, "UAPPROVER1").when(r -> r.submitAttempts() > 0))).isEmpty();
        assertThat(store.apply(approve(request, "UAPPROVER1").when(r -> r.submitAttempts() == 0))).isPresent();
    }

    @Test
    void refusedObservationIsKeptInTheTrailAsNotApplied() {
        ChangeRequest request = created();
        boolean applied = store.apply(Transition.of(request.id(), EventKind.JOB_STATUS, Transition.SDX, now)
                .from(RequestState.QUEUED).to(RequestState.RUNNING).set(RequestField.JOB_STATUS, JobStatus.of("running"))
                .detail("status", "running").recordWhenRefused()).isPresent();
        assertThat(applied).isFalse();
        List<RequestEvent> events = store.events(request.id());
        assertThat(events).hasSize(2);
        assertThat(events.get(1).kind()).isEqualTo(EventKind.JOB_STATUS);
        assertThat(events.get(1).details()).containsEntry("applied", false).containsEntry("status", "running");
        assertThat(events.get(1).fromState()).isEqualTo(RequestState.PENDING);
        assertThat(events.get(1).toState()).isEqualTo(RequestState.PENDING);
        assertThat(store.find(request.id()).orElseThrow().state()).isEqualTo(RequestState.PENDING);
    }

    @Test
    void requestsRacingForOneCodeStoreExactlyOneAndLeaveNothingOfTheOthers() throws Exception {
        String code = "SDX-R" + UUID.randomUUID().toString().replace("-", "").substring(0, 5).toUpperCase(Locale.ROOT);
        int racers = 16;
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < racers; i++) {
                ChangeRequests racer = ChangeRequests.pending();
                racer.id = UUID.randomUUID().toString();
                racer.code = code;
                ids.add(racer.id);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.create(racer.build(), Transition.of(racer.id, EventKind.CREATED, "U1", now)
                            .to(RequestState.PENDING).notify(new Notice.ApprovalMessage()));
                }));
            }
            start.countDown();
            int stored = 0;
            for (Future<Boolean> result : results) {
                stored += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        List<String> kept = ids.stream().filter(id -> store.find(id).isPresent()).toList();
        assertThat(kept).hasSize(1);
        String winner = kept.get(0);
        // The winner's approval message may be posted meanwhile (an event more), by the bot's own outbox.
        assertThat(store.events(winner)).first().extracting(RequestEvent::kind).isEqualTo(EventKind.CREATED);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ?", winner)).isEqualTo(1);
        for (String id : ids.stream().filter(id -> !id.equals(winner)).toList()) {
            assertThat(store.events(id)).isEmpty();
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ?", id)).isZero();
        }
    }

    @Test
    void concurrentTransitionsFromOneStateApplyExactlyOnce() throws Exception {
        ChangeRequest request = created();
        int racers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String approver = "UAPPROVER" + i;
                Callable<Boolean> race = () -> {
                    start.await();
                    return store.apply(approve(request, approver).notify(new Notice.ApprovalRefresh())).isPresent();
                };
                results.add(pool.submit(race));
            }
            start.countDown();
            int applied = 0;
            for (Future<Boolean> result : results) {
                applied += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(applied).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        // Exactly one approval, whatever the bot's own sweep does next with the APPROVED request: it
        // may start submitting it at once (seen in CI: a SUBMISSION_STARTED right after).
        List<EventKind> kinds = store.events(request.id()).stream().map(RequestEvent::kind).toList();
        assertThat(kinds).startsWith(EventKind.CREATED, EventKind.APPROVED);
        assertThat(kinds).filteredOn(kind -> kind == EventKind.APPROVED).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE request_id = ? AND kind = 'approval_refresh'", request.id()))
                .isEqualTo(1);
    }

    @Test
    void auditTrailCannotBeUpdatedOrDeleted() {
        ChangeRequest request = created();
        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c
                    .prepareStatement("UPDATE request_event SET actor = 'UINTRUDER' WHERE request_id = ?")) {
                ps.setString(1, request.id());
                return ps.executeUpdate();
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_event WHERE request_id = ?")) {
                ps.setString(1, request.id());
                return ps.executeUpdate();
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("append-only");
        assertThat(store.events(request.id())).hasSize(1).first().extracting(RequestEvent::actor)
                .isEqualTo(request.requesterId());
    }

    @Test
    void jobsDueForACheckAreFoundThroughTheIndexOfNextChecks() {
        String plan = db.inTransaction(c -> {
            boolean sqlite = Database.SQLITE.equals(db.vendor());
            if (!sqlite) {
                // The plan on a large store: a table this small would be read whole either way.
                try (PreparedStatement ps = c.prepareStatement("SET LOCAL enable_seqscan = off")) {
                    ps.execute();
                }
            }
            StringBuilder lines = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement(
                    (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + JdbcRequestStore.DUE_FOR_CHECK)) {
                ps.setLong(1, Instant.now().toEpochMilli());
                ps.setInt(2, 20);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.append(rs.getString(sqlite ? 4 : 1)).append('\n');
                    }
                }
            }
            return lines.toString();
        });
        assertThat(plan).contains("change_request_check");
    }
}
