package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static sdx.chatops.flow.InputFuzzFlowTest.pick;
import static sdx.chatops.flow.InputFuzzFlowTest.randomString;
import static sdx.chatops.flow.InputFuzzFlowTest.shortened;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.store.Database;
import sdx.chatops.testing.CapturedSpans;
import sdx.chatops.testing.FakeCollector;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.WithTracing;
import sdx.chatops.tracing.Spans;

/**
 * With an OTLP endpoint configured (the standard OTEL_EXPORTER_OTLP_ENDPOINT, {@link FakeCollector}), a change reads as traces:
 * the slash command's HTTP span is the
 * ancestor of the approval message's delivery (made later, by the outbox, from what the store kept),
 * and the Approve click's is the ancestor of the SDX submission, of SDX's callback (which carries no
 * trace header) and of what both post to Slack. Stored trace contexts that are missing (entries from
 * before V8) or garbled are ignored: such a delivery starts a trace of its own.
 */
@QuarkusTest
@TestProfile(WithTracing.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class TracingFlowTest {

    private static final AttributeKey<String> REQUEST_CODE = AttributeKey.stringKey(Spans.REQUEST_CODE);
    private static final AttributeKey<String> KIND = AttributeKey.stringKey(Spans.OUTBOX_KIND);
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(Spans.OUTCOME);
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey(Spans.OUTBOX_ATTEMPT);
    private static final AttributeKey<String> SLACK_METHOD = AttributeKey.stringKey(Spans.SLACK_METHOD);
    private static final String HEX = "0123456789abcdef";

    @Inject
    CapturedSpans spans;

    @Inject
    Database db;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        Fakes.slack().clearFaults();
    }

    @Test
    void approvalMessageDeliveryContinuesTheCommandsTrace() {
        Flow flow = new Flow();
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        String code = Flow.code(flow.awaitApprovalMessage());

        SpanData delivery = awaitSpan(span -> isDelivery(span, code, "approval_message"));
        Map<String, SpanData> trace = trace(delivery.getTraceId());
        SpanData command = root(delivery, trace);
        assertThat(command.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(command.getName()).contains("/slack/events");
        assertThat(delivery.getAttributes().get(OUTCOME)).isEqualTo("delivered");
        assertThat(delivery.getAttributes().get(ATTEMPT)).isEqualTo(1L);

        SpanData post = awaitSpan(span -> span.getParentSpanId().equals(delivery.getSpanId())
                && "chat.postMessage".equals(span.getAttributes().get(SLACK_METHOD)));
        assertThat(post.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(post.getName()).isEqualTo("slack chat.postMessage");
        assertThat(post.getAttributes().get(OUTCOME)).isEqualTo("ok");
        assertThat(post.getAttributes().asMap().values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain(FakeSlack.BOT_TOKEN).doesNotContain("identity"));
    }

    @Test
    void approvalSubmissionAndSdxCallbackContinueTheClicksTrace() {
        Flow flow = new Flow();
        FakeSlack.Message approval = queuedInSdx(flow, "5f9475ef-565f-5d10-8a86-4c7f5fdb2687",
                "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b");
        String code = Flow.code(approval);
        String token = notifyToken();
        given().contentType("application/json")
                .body("{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"running\"}")
                .post("/sdx/notify/" + token).then().statusCode(200);
        flow.awaitThread(approval, 2);

        String commandTrace = awaitSpan(span -> isDelivery(span, code, "approval_message")).getTraceId();
        SpanData callback = awaitSpan(
                span -> span.getName().equals("sdx callback") && code.equals(span.getAttributes().get(REQUEST_CODE)));
        String clickTrace = callback.getTraceId();
        assertThat(clickTrace).isNotEqualTo(commandTrace);
        // Both thread replies (SDX's receipt, then the status from the callback) are delivered in the click's trace.
        await().atMost(Duration.ofSeconds(10)).until(() -> finished().stream()
                .filter(span -> isDelivery(span, code, "thread_reply") && span.getTraceId().equals(clickTrace)).count() >= 2);

        Map<String, SpanData> trace = trace(clickTrace);
        SpanData click = root(callback, trace);
        assertThat(click.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(click.getName()).contains("/slack/events");
        SpanData submit = trace.values().stream().filter(span -> span.getKind() == SpanKind.CLIENT
                && span.getAttributes().asMap().values().stream()
                        .anyMatch(v -> String.valueOf(v).contains("/api/asynchronous/")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SDX submission span in the click's trace: " + trace.values()));
        assertThat(root(submit, trace).getSpanId()).isEqualTo(click.getSpanId());

        // The callback's own HTTP span started a trace of its own (no header from SDX); the two are linked.
        assertThat(callback.getLinks()).hasSize(1);
        SpanData callbackServer = find(span -> span.getSpanId().equals(callback.getLinks().get(0).getSpanContext().getSpanId()))
                .orElseThrow();
        assertThat(callbackServer.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(callbackServer.getTraceId()).isNotEqualTo(clickTrace);
        assertThat(callback.getAttributes().get(OUTCOME)).isEqualTo("applied");
        SpanData status = trace.values().stream().filter(span -> isDelivery(span, code, "thread_reply")
                && ancestors(span, trace).contains(callback.getSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("the status reply is not delivered under the callback's span"));
        assertThat(status.getAttributes().get(OUTCOME)).isEqualTo("delivered");
    }

    @Test
    void deliveriesOfEntriesWithoutOrWithAGarbledStoredTraceStartTracesOfTheirOwn() {
        Flow old = new Flow();
        Flow garbled = new Flow();
        for (Flow flow : List.of(old, garbled)) {
            Fakes.slack().failIn(flow.channel, "chat.postMessage", 1, 429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                    Map.of("Retry-After", "3"));
            flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().calls("chat.postMessage", old.channel).isEmpty()
                && !Fakes.slack().calls("chat.postMessage", garbled.channel).isEmpty());
        // While they wait for the retry: one entry as written before V8, one with hostile content.
        storeTraceparent(old.channel, null);
        storeTraceparent(garbled.channel, "00-'; DROP TABLE outbox; --");

        for (Flow flow : List.of(old, garbled)) {
            String code = Flow.code(flow.awaitApprovalMessage());
            SpanData first = awaitSpan(
                    span -> isDelivery(span, code, "approval_message") && span.getAttributes().get(ATTEMPT) == 1L);
            SpanData retry = awaitSpan(
                    span -> isDelivery(span, code, "approval_message") && span.getAttributes().get(ATTEMPT) == 2L);
            assertThat(first.getAttributes().get(OUTCOME)).isEqualTo("retry");
            assertThat(first.getParentSpanContext().isValid()).isTrue();
            assertThat(retry.getAttributes().get(OUTCOME)).isEqualTo("delivered");
            assertThat(retry.getParentSpanContext().isValid()).as("a root span").isFalse();
            assertThat(retry.getTraceId()).isNotEqualTo(first.getTraceId());
        }
    }

    /**
     * The callback's new surface with tracing on: the trace stored with the job is read back for every
     * callback, so it is fuzzed like any outside input (seeded with {@code fuzz.seed}, as
     * {@link InputFuzzFlowTest}). A usable stored traceparent is continued (or, not sampled, not
     * recorded); anything else leaves the callback a child of its own HTTP span; unknown tokens get 404
     * and a span without a request. Every callback is answered as it is with tracing off.
     */
    @Test
    void callbacksContinueOnlyUsableStoredTracesWhateverTheStoreHolds() {
        Flow flow = new Flow();
        FakeSlack.Message approval = queuedInSdx(flow, "5f9475ef-565f-5d10-8a86-4c7f5fdb2688",
                "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18c");
        String code = Flow.code(approval);
        String token = notifyToken();
        String running = "{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"running\"}";
        given().contentType("application/json").body(running).post("/sdx/notify/" + token).then().statusCode(200);
        flow.awaitThread(approval, 2);

        Random random = new Random(InputFuzzFlowTest.SEED);
        for (int i = 0; i < 150; i++) {
            String where = "fuzz seed=" + InputFuzzFlowTest.SEED + " stored trace #" + i;
            int before = callbackSpans(null).size();
            if (random.nextInt(5) == 0) {
                String unknown = randomString(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43);
                given().contentType("application/json").body(running).post("/sdx/notify/" + unknown).then()
                        .statusCode(404);
                List<SpanData> all = callbackSpans(null);
                assertThat(all).as(where + ": an unknown token's span").hasSize(before + 1);
                assertThat(all.get(all.size() - 1).getAttributes().get(REQUEST_CODE)).as(where).isNull();
                assertThat(all.get(all.size() - 1).getAttributes().get(OUTCOME)).as(where).isEqualTo("unknown_job");
                continue;
            }
            String traceparent = storedTraceparent(random);
            String tracestate = pick(random, null, "", "vendor=abc", "a=b,c=d", "x".repeat(600), "k=\u0000v",
                    "k=é", "'; DROP TABLE change_request; --");
            storeJobTrace(code, traceparent, tracestate);
            int ours = callbackSpans(code).size();
            given().contentType("application/json").body(running).post("/sdx/notify/" + token).then()
                    .statusCode(200);

            List<SpanData> mine = callbackSpans(code);
            String what = where + " (" + shortened(traceparent) + ")";
            if (usable(traceparent) && !sampled(traceparent)) {
                assertThat(mine).as(what + ": a span under an unsampled parent is not recorded").hasSize(ours);
                continue;
            }
            assertThat(mine).as(what).hasSize(ours + 1);
            SpanData callback = mine.get(mine.size() - 1);
            assertThat(callback.getAttributes().get(OUTCOME)).as(what).isEqualTo("ignored");
            if (usable(traceparent)) {
                assertThat(callback.getTraceId()).as(what).isEqualTo(traceparent.substring(3, 35));
                assertThat(callback.getParentSpanId()).as(what).isEqualTo(traceparent.substring(36, 52));
                assertThat(callback.getLinks()).as(what).hasSize(1);
            } else {
                assertThat(callback.getLinks()).as(what + ": no link, a child of its own HTTP span").isEmpty();
                // The HTTP span ends once the answer is written, a moment after the client has it.
                SpanData server = awaitSpan(span -> span.getSpanId().equals(callback.getParentSpanId()));
                assertThat(server.getKind()).as(what).isEqualTo(SpanKind.SERVER);
                assertThat(server.getTraceId()).as(what).isEqualTo(callback.getTraceId());
            }
        }
        assertThat(flow.thread(approval)).as("duplicate callbacks post nothing").hasSize(2);
    }

    @Test
    void spansReachTheConfiguredCollectorFromABackgroundExporter() {
        new Flow().queue("core-rtr-01", "/system identity print").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> FakeCollector.collector().verify(postRequestedFor(urlEqualTo("/v1/traces"))));
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("BatchSpanProcessor"));
    }

    private void storeTraceparent(String channel, String traceparent) {
        db.inTransaction(c -> {
            try (var ps = c
                    .prepareStatement("UPDATE outbox SET traceparent = ? WHERE delivered_at IS NULL AND failed_at IS NULL"
                            + " AND request_id IN (SELECT id FROM change_request WHERE channel_id = ?)")) {
                ps.setString(1, traceparent);
                ps.setString(2, channel);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                return null;
            }
        });
    }

    /** A request queued, approved and accepted by SDX (with these ids); its receipt is in the thread. */
    private static FakeSlack.Message queuedInSdx(Flow flow, String sdxRequestId, String idempotencyKey) {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, sdxRequestId, idempotencyKey);
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        return approval;
    }

    /** The token of the notify_url of the job SDX received (the fake was reset before the test). */
    private static String notifyToken() {
        String notifyUrl = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).get(0).getBodyAsString())
                .path("notify_url").asText();
        return notifyUrl.substring(notifyUrl.lastIndexOf('/') + 1);
    }

    /** A traceparent as the store might hold one: well formed now and then, otherwise garbled in one of many ways. */
    private static String storedTraceparent(Random random) {
        String traceId = randomString(random, HEX, 32);
        String spanId = randomString(random, HEX, 16);
        String valid = "00-" + traceId + "-" + spanId + "-" + pick(random, "01", "03", "00");
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> valid;
            case 3 -> null;
            case 4 -> "";
            case 5 -> valid.toUpperCase(Locale.ROOT);
            case 6 -> pick(random, "ff", "01", "0", "000") + valid.substring(2);
            case 7 -> "00-" + "0".repeat(32) + "-" + spanId + "-01";
            case 8 -> "00-" + traceId + "-" + "0".repeat(16) + "-01";
            case 9 -> {
                int at = random.nextInt(valid.length());
                yield valid.substring(0, at) + pick(random, "g", "-", " ", "\u0000", "é", "\n", "Z") + valid.substring(at + 1);
            }
            case 10 -> random.nextBoolean() ? valid.substring(0, random.nextInt(valid.length())) : valid + "-" + spanId;
            default -> pick(random, "'; DROP TABLE change_request; --", "x".repeat(10_000), valid + "\ntraceparent: " + valid,
                    "00-" + traceId + "-" + spanId);
        };
    }

    /** What W3C Trace Context accepts of a stored version-00 traceparent: lower-case hex, ids not all zero. */
    private static boolean usable(String traceparent) {
        return traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                && !traceparent.substring(3, 35).equals("0".repeat(32))
                && !traceparent.substring(36, 52).equals("0".repeat(16));
    }

    private static boolean sampled(String traceparent) {
        return (Integer.parseInt(traceparent.substring(53), 16) & 1) == 1;
    }

    private void storeJobTrace(String code, String traceparent, String tracestate) {
        db.inTransaction(c -> {
            try (var ps = c
                    .prepareStatement("UPDATE change_request SET job_traceparent = ?, job_tracestate = ? WHERE code = ?")) {
                ps.setString(1, traceparent);
                ps.setString(2, tracestate);
                ps.setString(3, code);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                return null;
            }
        });
    }

    /** The finished {@code sdx callback} spans, oldest first: of this request, or (null) all of them. */
    private List<SpanData> callbackSpans(String code) {
        return finished().stream().filter(span -> span.getName().equals("sdx callback")
                && (code == null || code.equals(span.getAttributes().get(REQUEST_CODE)))).toList();
    }

    private static boolean isDelivery(SpanData span, String code, String kind) {
        return span.getName().equals("outbox deliver") && code.equals(span.getAttributes().get(REQUEST_CODE))
                && kind.equals(span.getAttributes().get(KIND));
    }

    private List<SpanData> finished() {
        return new ArrayList<>(spans.finished());
    }

    private Optional<SpanData> find(Predicate<SpanData> wanted) {
        return spans.find(wanted);
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return spans.await(wanted);
    }

    private Map<String, SpanData> trace(String traceId) {
        return spans.trace(traceId);
    }

    private static List<String> ancestors(SpanData span, Map<String, SpanData> trace) {
        return CapturedSpans.ancestors(span, trace);
    }

    private static SpanData root(SpanData span, Map<String, SpanData> trace) {
        return CapturedSpans.root(span, trace);
    }
}
