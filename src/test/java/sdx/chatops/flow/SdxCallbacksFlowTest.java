package sdx.chatops.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.approval.NotifyTokens;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;

/** SDX's job-status callbacks: several per job, repeated, out of order, and possibly forged. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SdxCallbacksFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.OFFLINE_ID, "req-cb", "idem-cb");
    }

    @Test
    void forgedTokenGets404AndChangesNothing() throws Exception {
        Queued job = queued();
        post(NotifyTokens.newToken(), payload("completed")).then().statusCode(404);
        post(job.token().substring(0, job.token().length() - 1) + "x", payload("failed")).then().statusCode(404);
        Thread.sleep(300);
        assertThat(flow.thread(job.approval())).hasSize(1);
    }

    @Test
    void duplicateCallbacksArePostedOnce() {
        Queued job = queued();
        for (int i = 0; i < 3; i++) {
            post(job.token(), payload("running")).then().statusCode(200);
        }
        post(job.token(), payload("completed")).then().statusCode(200);
        post(job.token(), payload("completed")).then().statusCode(200);
        List<String> thread = flow.awaitThread(job.approval(), 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> flow.thread(job.approval()).size() == 3);
        assertThat(thread.get(1)).contains("*running*");
        assertThat(thread.get(2)).contains("*completed*");
    }

    @Test
    void callbackBeforeSdxAnswersTheSubmissionStillPostsTheReceipt() {
        Fakes.sdx().stubFor(WireMock.post(WireMock.urlEqualTo("/api/asynchronous/" + SdxStubs.OFFLINE_ID))
                .willReturn(WireMock.aResponse().withStatus(200)
                        .withFixedDelay(2_000).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"success\",\"data\":{\"idempotency_key\":\"idem-early\","
                                + "\"request_id\":\"req-early\",\"date\":\"2026-04-20T03:14:15+00:00\"}}")));
        flow.queue("offline-rtr", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.OFFLINE_ID).isEmpty());
        String url = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.OFFLINE_ID).get(0).getBodyAsString())
                .path("notify_url").asText();
        // SDX is still holding its answer to the submission when the job's first status arrives.
        post(url.substring(url.lastIndexOf('/') + 1), payload("running")).then().statusCode(200);
        List<String> thread = flow.awaitThread(approval, 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> flow.thread(approval).size() == 2);
        assertThat(thread).anySatisfy(t -> assertThat(t).contains("*running*"));
        assertThat(flow.thread(approval)).anySatisfy(t -> assertThat(t).contains("Queued in SDX").contains("req-early")
                .contains("idem-early"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("SDX job *running*"));
    }

    @Test
    void lateEarlierStatusNeverOverwritesTerminalStatus() {
        Queued job = queued();
        post(job.token(), payload("failed")).then().statusCode(200);
        post(job.token(), payload("running")).then().statusCode(200);
        post(job.token(), payload("pending")).then().statusCode(200);
        post(job.token(), payload("completed")).then().statusCode(200);
        flow.awaitThread(job.approval(), 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> flow.thread(job.approval()).size() == 2);
        assertThat(flow.thread(job.approval()).get(1)).contains("*failed*").contains("reported an error");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Flow.visibleText(job.approval())).contains("SDX job *failed*"));
    }

    @Test
    void unknownStatusesAndFieldsAreShownNotRejected() {
        Queued job = queued();
        post(job.token(), "{\"status\":\"awaiting-reboot\",\"seq_id\":1,\"new_field\":{\"x\":[1,2]}}").then().statusCode(200);
        post(job.token(), "{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"customer_id\":\"c\",\"description\":\"d\","
                + "\"router_id\":\"r\",\"idempotency_key\":\"idem-cb\",\"express_execute\":false,\"needs_acknowledgement\":true,"
                + "\"make_backup\":false,\"seq_id\":1234567890,\"started_at\":\"2024-05-28T06:14:19+00:00\","
                + "\"completed_at\":\"2024-05-28T06:14:21+00:00\",\"failed_at\":null,\"deleted_at\":null,\"status\":\"completed\"}")
                        .then().statusCode(200);
        List<String> thread = flow.awaitThread(job.approval(), 3);
        assertThat(thread.get(1)).contains("awaiting-reboot");
        assertThat(thread.get(2)).contains("*completed*");
    }

    @Test
    void malformedBodyIsRefusedWithoutChangingTheJob() throws Exception {
        Queued job = queued();
        post(job.token(), "not json").then().statusCode(400);
        post(job.token(), "[1,2]").then().statusCode(400);
        Thread.sleep(300);
        assertThat(flow.thread(job.approval())).hasSize(1);
    }

    @Test
    void jsonFollowedByGarbageIsRefusedAndChangesNothing() throws Exception {
        Queued job = queued();
        post(job.token(), "{\"status\":\"completed\"} junk}").then().statusCode(400);
        post(job.token(), "{\"status\":\"completed\"}{\"status\":\"failed\"}").then().statusCode(400);
        Thread.sleep(300);
        assertThat(flow.thread(job.approval())).hasSize(1);
    }

    @Test
    void bodiesOutsideTheCallbacksShapeAreRefused() throws Exception {
        Queued job = queued();
        String deep = "{\"status\":\"completed\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        for (String body : List.of(deep, "{\"status\":7}", "{\"status\":[\"completed\"]}", "{\"job_id\":\"j\"}",
                "{\"status\":\"completed\",\"status\":\"failed\"}", "{\"status\":\"<!channel>\"}",
                "{\"status\":\"completed\",\"job_id\":{\"a\":1}}", "", "null", "\"completed\"")) {
            assertThat(post(job.token(), body).statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body)
                    .isEqualTo(400);
        }
        Thread.sleep(300);
        assertThat(flow.thread(job.approval())).hasSize(1);
    }

    @Test
    void oversizeBodyIsRefusedAsTooLarge() {
        Queued job = queued();
        String big = "{\"status\":\"completed\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        post(job.token(), big).then().statusCode(413);
        assertThat(flow.thread(job.approval())).hasSize(1);
    }

    @Test
    void tokenOfTheWrongShapeIsUnknownWithoutLookingItUp() {
        given().contentType("application/json").body(payload("completed")).post("/sdx/notify/short").then().statusCode(404);
        int status = given().contentType("application/json").body(payload("completed"))
                .post("/sdx/notify/" + "A".repeat(43) + "%00").statusCode();
        assertThat(status).isIn(400, 404);
    }

    @Test
    void approvalMessageWarnsWhenRouterIsNotCheckingIn() {
        Queued job = queued();
        assertThat(Flow.visibleText(job.approval())).contains("not checking in");
    }

    @Test
    void concurrentRepeatedCallbacksInRandomOrderPostEachStatusOnceAndEndTerminal() throws Exception {
        Queued job = queued();
        postConcurrently(job.token(), List.of("running", "completed"));
        assertThreadMovesForwardAndEndsCompleted(job);
    }

    @Test
    void concurrentCallbacksWithEarlierStatusesNeverMoveTheJobBackwards() throws Exception {
        Queued job = queued();
        postConcurrently(job.token(), List.of("pending", "running", "completed"));
        assertThreadMovesForwardAndEndsCompleted(job);
    }

    @Test
    void lateEarlierStatusAfterRunningIsRecordedButNotPosted() throws Exception {
        Queued job = queued();
        post(job.token(), payload("running")).then().statusCode(200);
        post(job.token(), payload("pending")).then().statusCode(200);
        flow.awaitThread(job.approval(), 2);
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> flow.thread(job.approval()).size() == 2);
        assertThat(flow.thread(job.approval()).get(1)).contains("*running*");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Flow.visibleText(job.approval())).contains("SDX job *running*"));
    }

    /** Eight SDX deliveries at once, each sending every status in its own random order. */
    private static void postConcurrently(String token, List<String> statuses) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> answers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<String> order = new ArrayList<>(statuses);
                Collections.shuffle(order);
                answers.add(pool.submit(() -> {
                    start.await();
                    List<Integer> codes = new ArrayList<>();
                    for (String status : order) {
                        codes.add(post(token, payload(status)).statusCode());
                    }
                    return codes;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertThreadMovesForwardAndEndsCompleted(Queued job) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> flow.thread(job.approval()).stream().anyMatch(t -> t.contains("*completed*")));
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> flow.thread(job.approval()).get(flow.thread(job.approval()).size() - 1).contains("*completed*"));
        List<String> thread = flow.thread(job.approval());
        assertThat(thread.get(0)).startsWith(":inbox_tray: *Queued in SDX*");
        List<String> statuses = thread.subList(1, thread.size()).stream()
                .map(t -> t.replaceAll("(?s).*SDX job status: \\*([^*]+)\\*.*", "$1")).toList();
        assertThat(statuses).as("statuses posted, in order").doesNotHaveDuplicates().endsWith("completed");
        List<String> forward = List.of("pending", "running", "completed");
        assertThat(statuses.stream().map(forward::indexOf).toList()).as("ranks of %s", statuses).isSorted();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Flow.visibleText(job.approval())).contains("SDX job *completed*"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.OFFLINE_ID)).hasSize(1);
    }

    private record Queued(FakeSlack.Message approval, String token) {
    }

    private Queued queued() {
        flow.queue("offline-rtr", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        String body = SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.OFFLINE_ID).get(0).getBodyAsString();
        String url = Flow.tree(body).path("notify_url").asText();
        return new Queued(approval, url.substring(url.lastIndexOf('/') + 1));
    }

    private static String payload(String status) {
        return "{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"" + status + "\"}";
    }

    private static io.restassured.response.Response post(String token, String body) {
        return given().contentType("application/json").body(body).post("/sdx/notify/" + token);
    }
}
