package sdx.chatops.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.approval.Transition;
import sdx.chatops.testing.ChangeRequests;
import sdx.chatops.testing.Fakes;

/**
 * How the outbox hands out work, against the real database: per request in order, per channel at
 * Slack's pace, a busy channel holding up no other, and every entry to exactly one claimer. The
 * entries are written a day ahead, where the bot's own outbox worker does not see them yet.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class OutboxStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Duration PACE = Duration.ofSeconds(1);
    /** Posts (approval messages, thread replies) are paced in the request's channel; updates are not. */
    private static final OutboxStore.Pacing PACING = (entry, request) -> entry.notice() instanceof Notice.ApprovalRefresh
            ? null
            : request.channelId();

    @Inject
    OutboxStore outbox;

    @Inject
    RequestStore store;

    @Inject
    Database db;

    private final Instant future = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

    /** Entries a day ahead are this class's own: those of an earlier test are closed, not claimed. */
    @BeforeEach
    void closeEarlierTestsEntries() {
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET failed_at = ? WHERE next_attempt_at > ?"
                + " AND delivered_at IS NULL AND failed_at IS NULL", Instant.now(), Instant.now().plus(Duration.ofHours(1))));
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
    }

    /** A request in {@code channel} whose approval message is waiting in the outbox from {@code at}. */
    private ChangeRequest waiting(String channel, Instant at) {
        ChangeRequests r = ChangeRequests.pending();
        r.id = UUID.randomUUID().toString();
        r.code = unique("SDX-").substring(0, 10);
        r.channelId = channel;
        r.approvalTs = null;
        r.createdAt = at;
        ChangeRequest request = r.build();
        assertThat(store.create(request, Transition.of(request.id(), EventKind.CREATED, request.requesterId(), at)
                .to(RequestState.PENDING).notify(new Notice.ApprovalMessage()))).isTrue();
        return request;
    }

    private void thenTold(ChangeRequest request, Instant at, Notice... notices) {
        assertThat(store.apply(Transition.of(request.id(), EventKind.EXPIRED, "bot", at).from(RequestState.PENDING)
                .notify(notices))).isPresent();
    }

    private OutboxStore.Claim claim(Instant at, int limit) {
        return outbox.claimDue(at, limit, LEASE, PACE, PACING);
    }

    private static List<String> requestsOf(OutboxStore.Claim claim) {
        return claim.claimed().stream().map(c -> c.request().id()).toList();
    }

    /**
     * What a claim took of this test's requests: entries of other test classes that wait for a
     * retry are due a day ahead too, and may be taken alongside.
     */
    private static List<OutboxStore.Claimed> of(OutboxStore.Claim claim, ChangeRequest... requests) {
        List<String> ids = Arrays.stream(requests).map(ChangeRequest::id).toList();
        return claim.claimed().stream().filter(c -> ids.contains(c.request().id())).toList();
    }

    @Test
    void requestsEntriesAreHandedOutOneAtATimeInOrder() {
        String channel = unique("COB");
        ChangeRequest request = waiting(channel, future);
        thenTold(request, future, new Notice.ApprovalRefresh(), new Notice.JobStatusChanged("running"));

        List<OutboxStore.Claimed> first = of(claim(future, 50), request);
        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.request().id()).isEqualTo(request.id());
            assertThat(c.entry().notice()).isInstanceOf(Notice.ApprovalMessage.class);
        });
        assertThat(of(claim(future.plusSeconds(5), 50), request)).as("later entries wait for the first").isEmpty();

        outbox.round(List.of(new OutboxStore.Done.Delivered(first.get(0).entry().id(), future)), future, 0, LEASE,
                PACE, PACING);
        assertThat(of(claim(future.plusSeconds(5), 50), request)).singleElement()
                .satisfies(c -> assertThat(c.entry().notice()).isInstanceOf(Notice.ApprovalRefresh.class));
    }

    @Test
    void roundWritesWhatDeliveriesDidBeforeClaimingTheNext() {
        ChangeRequest posted = waiting(unique("COBRND"), future.plusSeconds(400));
        thenTold(posted, future.plusSeconds(400), new Notice.JobStatusChanged("running"));
        ChangeRequest retried = waiting(unique("COBRND"), future.plusSeconds(400));
        Instant now = future.plusSeconds(401);
        List<OutboxStore.Claimed> first = of(claim(now, 50), posted, retried);
        assertThat(first).hasSize(2);
        OutboxStore.Claimed approval = first.stream().filter(c -> c.request().id().equals(posted.id())).findFirst()
                .orElseThrow();
        OutboxStore.Claimed other = first.stream().filter(c -> c.request().id().equals(retried.id())).findFirst()
                .orElseThrow();

        OutboxStore.Claim next = outbox.round(List.of(
                new OutboxStore.Done.Posted(approval.entry(), posted, posted.channelId(), "1700000000.000777", false, now),
                new OutboxStore.Done.Retry(other.entry().id(), now.plusSeconds(30), "ratelimited")), now.plusSeconds(2), 50,
                LEASE, PACE, PACING);

        assertThat(store.find(posted.id()).orElseThrow().approvalTs()).isEqualTo("1700000000.000777");
        assertThat(store.events(posted.id())).extracting(RequestEvent::kind).contains(EventKind.APPROVAL_POSTED);
        assertThat(of(next, posted, retried)).as("the thread reply is next; the retried message waits")
                .singleElement().satisfies(c -> assertThat(c.entry().notice()).isInstanceOf(Notice.JobStatusChanged.class));
        assertThat(of(claim(now.plusSeconds(31), 50), retried)).singleElement()
                .satisfies(c -> assertThat(c.entry().attempts()).isEqualTo(1));
    }

    @Test
    void roundWritesEveryDeliveryOfALargeRoundEachToItsOwnRequest() {
        Instant at = future.plusSeconds(500);
        List<ChangeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(waiting(unique("COBMANY"), at));
        }
        ChangeRequest[] all = requests.toArray(ChangeRequest[]::new);
        Instant now = at.plusSeconds(1);
        Map<String, OutboxStore.Claimed> claimed = new HashMap<>();
        of(claim(now, 50), all).forEach(c -> claimed.put(c.request().id(), c));
        assertThat(claimed).hasSize(6);
        ChangeRequest approval1 = requests.get(0);
        ChangeRequest approval2 = requests.get(1);
        ChangeRequest pointer = requests.get(2);
        ChangeRequest delivered = requests.get(3);
        ChangeRequest failed = requests.get(4);
        ChangeRequest retried = requests.get(5);

        outbox.round(List.of(
                new OutboxStore.Done.Posted(claimed.get(approval1.id()).entry(), approval1, approval1.channelId(),
                        "1700000000.000001", false, now),
                new OutboxStore.Done.Failed(claimed.get(failed.id()).entry().id(), now, "channel_not_found"),
                new OutboxStore.Done.Posted(claimed.get(pointer.id()).entry(), pointer, pointer.channelId(),
                        "1700000000.000003", true, now),
                new OutboxStore.Done.Delivered(claimed.get(delivered.id()).entry().id(), now),
                new OutboxStore.Done.Retry(claimed.get(retried.id()).entry().id(), now.plusSeconds(30), "ratelimited"),
                new OutboxStore.Done.Posted(claimed.get(approval2.id()).entry(), approval2, approval2.channelId(),
                        "1700000000.000002", false, now)),
                now, 0, LEASE, PACE, PACING);

        assertThat(store.find(approval1.id()).orElseThrow().approvalTs()).isEqualTo("1700000000.000001");
        assertThat(store.find(approval2.id()).orElseThrow().approvalTs()).isEqualTo("1700000000.000002");
        ChangeRequest pointed = store.find(pointer.id()).orElseThrow();
        assertThat(pointed.pointerTs()).isEqualTo("1700000000.000003");
        assertThat(pointed.approvalTs()).isNull();
        assertThat(store.events(approval1.id())).extracting(RequestEvent::kind).containsExactly(EventKind.CREATED,
                EventKind.APPROVAL_POSTED);
        assertThat(store.events(approval2.id())).extracting(RequestEvent::kind).containsExactly(EventKind.CREATED,
                EventKind.APPROVAL_POSTED);
        assertThat(store.events(pointer.id())).extracting(RequestEvent::kind).containsExactly(EventKind.CREATED,
                EventKind.POINTER_POSTED);
        assertThat(store.events(delivered.id())).extracting(RequestEvent::kind).containsExactly(EventKind.CREATED);
        assertThat(of(claim(now.plusSeconds(31), 50), all)).as("only the retried entry is open again")
                .singleElement().satisfies(c -> {
                    assertThat(c.request().id()).isEqualTo(retried.id());
                    assertThat(c.entry().attempts()).isEqualTo(1);
                });
    }

    @Test
    void channelGetsOnePostPerPaceAndABusyChannelHoldsUpNoOther() {
        String busy = unique("COBBUSY");
        String quiet = unique("COBQUIET");
        List<ChangeRequest> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(waiting(busy, future.plusMillis(i)));
        }
        ChangeRequest other = waiting(quiet, future.plusMillis(100));
        Instant now = future.plusSeconds(1);

        List<ChangeRequest> all = new ArrayList<>(burst);
        all.add(other);
        ChangeRequest[] mine = all.toArray(ChangeRequest[]::new);
        OutboxStore.Claim first = claim(now, 50);
        assertThat(of(first, mine)).extracting(c -> c.request().id()).containsExactly(burst.get(0).id(), other.id());
        assertThat(first.paceFreeAt()).isEqualTo(now.plus(PACE));

        OutboxStore.Claim tooSoon = claim(now.plusMillis(500), 50);
        assertThat(of(tooSoon, mine)).isEmpty();
        assertThat(tooSoon.paceFreeAt()).isEqualTo(now.plus(PACE));

        assertThat(of(claim(now.plus(PACE), 50), mine)).extracting(c -> c.request().id())
                .containsExactly(burst.get(1).id());
    }

    @Test
    void aBusyChannelsBacklogLongerThanTheFirstLookHoldsUpNoOtherEvenInASmallRound() {
        String busy = unique("COBLONG");
        String quiet = unique("COBLQUIET");
        Instant at = future.plusSeconds(600);
        List<ChangeRequest> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(waiting(busy, at.plusMillis(i)));
        }
        ChangeRequest other = waiting(quiet, at.plusMillis(100));
        List<ChangeRequest> all = new ArrayList<>(burst);
        all.add(other);
        ChangeRequest[] mine = all.toArray(ChangeRequest[]::new);
        Instant now = at.plusSeconds(1);
        // A round of one takes the oldest due entry: whatever other test classes left open would come first.
        String ids = String.join(", ", all.stream().map(r -> "'" + r.id() + "'").toList());
        db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET failed_at = ? WHERE delivered_at IS NULL"
                + " AND failed_at IS NULL AND request_id NOT IN (" + ids + ")", Instant.now()));

        assertThat(of(claim(now, 1), mine)).extracting(c -> c.request().id()).containsExactly(burst.get(0).id());
        // The first 29 due entries now all wait for the busy channel's pace; the quiet channel's is the 30th.
        OutboxStore.Claim next = claim(now.plusMillis(10), 1);
        assertThat(of(next, mine)).extracting(c -> c.request().id()).containsExactly(other.id());
        assertThat(next.paceFreeAt()).isEqualTo(now.plus(PACE));
    }

    @Test
    void updatesAreNotPacedButStillOnePerRequest() {
        String channel = unique("COBUPD");
        List<ChangeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChangeRequest request = waiting(channel, future);
            requests.add(request);
            db.inTransaction(c -> ChangeRequestRows.execute(c, "UPDATE outbox SET delivered_at = ? WHERE request_id = ?",
                    future, request.id()));
            thenTold(request, future, new Notice.ApprovalRefresh(), new Notice.ApprovalRefresh());
        }
        OutboxStore.Claim updates = claim(future.plusSeconds(100), 50);
        assertThat(of(updates, requests.toArray(ChangeRequest[]::new))).extracting(c -> c.request().id())
                .containsExactlyInAnyOrderElementsOf(requests.stream().map(ChangeRequest::id).toList());
    }

    @Test
    void claimerTakesNoMoreThanItsLimit() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            mine.add(waiting(unique("COBLIM"), future.plusSeconds(200)).id());
        }
        OutboxStore.Claim first = claim(future.plusSeconds(201), 2);
        assertThat(first.claimed()).hasSize(2);
        OutboxStore.Claim rest = claim(future.plusSeconds(201), 10);
        assertThat(rest.claimed()).hasSizeLessThanOrEqualTo(10);
        List<String> taken = new ArrayList<>(requestsOf(first));
        taken.addAll(requestsOf(rest));
        // Entries of other test classes that wait for a retry are due a day ahead too.
        assertThat(taken).filteredOn(mine::contains).hasSize(6);
    }

    @Test
    void concurrentClaimersTakeEveryEntryExactlyOnce() throws Exception {
        Instant at = future.plusSeconds(300);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add(waiting(unique("COBRACE"), at).id());
        }
        Instant now = at.plusSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<List<String>>> claimers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                claimers.add(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        mine.addAll(requestsOf(claim(now, 3)).stream().filter(expected::contains).toList());
                    }
                    return mine;
                });
            }
            List<Future<List<String>>> results = new ArrayList<>();
            for (Callable<List<String>> claimer : claimers) {
                results.add(pool.submit(claimer));
            }
            start.countDown();
            List<String> taken = new ArrayList<>();
            for (Future<List<String>> result : results) {
                taken.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(taken).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A backlog of many requests with several entries each, while the statistics still describe an
     * empty one (the usual state: they are gathered when little is waiting): finding the due entries
     * looks up each candidate's request, and does not read the whole backlog once per candidate.
     * PostgreSQL: the pages the query touches, counted by the server; SQLite: the plan.
     */
    @Test
    void dueEntriesOfALargeBacklogAreFoundWithoutReadingItOncePerCandidate() {
        if (Database.POSTGRESQL.equals(db.vendor())) {
            db.inTransaction(c -> ChangeRequestRows.execute(c, "ANALYZE outbox"));
        }
        int requests = 200;
        int perRequest = 10;
        List<Object[]> later = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ChangeRequest request = waiting(unique("CBL"), future);
            for (int n = 1; n < perRequest; n++) {
                later.add(new Object[] { request.id(), future, future });
            }
        }
        db.inTransaction(c -> ChangeRequestRows.executeEach(c, "INSERT INTO outbox (request_id, kind, payload,"
                + " next_attempt_at, created_at) VALUES (?, 'approval_refresh', '{\"type\":\"approval_refresh\"}', ?, ?)",
                later));
        Instant due = future.plusSeconds(1);

        String plan = db.inTransaction(c -> {
            boolean sqlite = Database.SQLITE.equals(db.vendor());
            StringBuilder lines = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement(
                    (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ") + OutboxStore.DUE)) {
                ps.setLong(1, due.toEpochMilli());
                ps.setLong(2, due.toEpochMilli());
                ps.setInt(3, requests);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.append(rs.getString(sqlite ? 4 : 1)).append('\n');
                    }
                }
            }
            return lines.toString();
        });

        if (Database.SQLITE.equals(db.vendor())) {
            assertThat(plan).contains("outbox_due").containsPattern("outbox_open \\(request_id=\\?");
        } else {
            // The first Buffers line is the whole query's. Read once per candidate, the backlog of
            // 2,000 entries cost 90,000 page visits here; looked up by request, about 3 per candidate,
            // and PostgreSQL may look at every due entry as a candidate before it sorts them.
            Matcher total = Pattern.compile("Buffers: shared hit=(\\d+)(?: read=(\\d+))?")
                    .matcher(plan);
            assertThat(total.find()).as(plan).isTrue();
            long pages = Long.parseLong(total.group(1)) + (total.group(2) == null ? 0 : Long.parseLong(total.group(2)));
            assertThat(pages).as(plan).isLessThan(5L * requests * perRequest);
        }
        List<OutboxStore.Claimed> claimed = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            claimed.addAll(claim(due, 100).claimed().stream().filter(c -> c.request().channelId().startsWith("CBL")).toList());
        }
        assertThat(claimed).as("the oldest entry of every request, and only that").hasSize(requests)
                .allSatisfy(c -> assertThat(c.entry().notice()).isInstanceOf(Notice.ApprovalMessage.class));
    }

    @Test
    void dueEntriesAreFoundThroughTheIndexOfOpenEntries() {
        String plan = db.inTransaction(c -> {
            String sql = Database.SQLITE.equals(db.vendor())
                    ? "EXPLAIN QUERY PLAN SELECT o.id FROM outbox o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL"
                            + " AND o.next_attempt_at <= 1 ORDER BY o.next_attempt_at, o.id LIMIT 10"
                    : "EXPLAIN SELECT o.id FROM outbox o WHERE o.delivered_at IS NULL AND o.failed_at IS NULL"
                            + " AND o.next_attempt_at <= 1 ORDER BY o.next_attempt_at, o.id LIMIT 10";
            StringBuilder lines = new StringBuilder();
            if (Database.POSTGRESQL.equals(db.vendor())) {
                // The plan on a large store: a table this small would be read whole either way.
                try (PreparedStatement ps = c.prepareStatement("SET LOCAL enable_seqscan = off")) {
                    ps.execute();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.append(rs.getString(Database.SQLITE.equals(db.vendor()) ? 4 : 1)).append('\n');
                }
            }
            return lines.toString();
        });
        assertThat(plan).contains("outbox_due");
    }
}
