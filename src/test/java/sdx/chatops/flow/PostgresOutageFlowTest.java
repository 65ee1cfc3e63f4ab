package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.OnPrivatePostgres;
import sdx.chatops.testing.OutageDiagnosis;
import sdx.chatops.testing.PrivatePostgres;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;

/**
 * PostgreSQL goes away in the middle of a conversation and comes back: whoever acts meanwhile is
 * told to try again (a person in words, SDX with a 5xx), the bot stays up, and once the store is
 * back everything happens exactly once.
 */
@QuarkusTest
@TestProfile(OnPrivatePostgres.class)
class PostgresOutageFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        Fakes.slack().clearFaults();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-pg", "idem-pg");
    }

    @Test
    void approveClickWhileTheStoreIsDownIsAnsweredInWordsAndTheRetriedClickQueuesOnce() {
        FakeSlack.Message approval = pending();

        storeDown(() -> {
            flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
            String answer = await().atMost(Duration.ofSeconds(30)).until(flow::ephemeralTexts, texts -> !texts.isEmpty())
                    .get(0);
            assertThat(answer).startsWith(":warning:").contains("try again").doesNotContainIgnoringCase("exception")
                    .doesNotContainIgnoringCase("sql").doesNotContain("\tat ");
            Management.given().get("/q/health/live").then().statusCode(200);
            assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).isEmpty();
        });

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(awaitThread(approval, 1).get(0)).startsWith(":inbox_tray: *Queued in SDX* (" + Flow.code(approval) + ")")
                .contains("req-pg");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("Queued in SDX"));
        assertThat(Fakes.slack().channel(flow.channel)).hasSize(1);
        assertThat(flow.ephemeralTexts()).hasSize(1);
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
    }

    @Test
    void callbackWhileTheStoreIsDownGets5xxAndItsRepeatReachesTheThread() {
        FakeSlack.Message approval = queued();
        String token = SdxCallbacks.token(Fakes.sdx(), SdxStubs.EDGE_ID);

        storeDown(() -> {
            Response refused = SdxCallbacks.send(token, "completed");
            assertThat(refused.statusCode()).as("SDX must be told to try again").isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(refused.asString()).isEqualTo("{\"error\":\"store unavailable, try again\"}");
            Management.given().get("/q/health/live").then().statusCode(200);
        });

        // SDX delivers the callback again.
        SdxCallbacks.send(token, "completed").then().statusCode(200);
        assertThat(awaitThread(approval, 2).get(1)).startsWith(":white_check_mark: SDX job status: *completed*");
        assertEndsCompleted(approval);
    }

    @Test
    void statusMissedWhileTheStoreWasDownIsFoundByPolling() {
        // A key of its own, so that jobs of earlier tests, still polled, do not match the listed job.
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-pg-poll", "idem-pg-poll");
        FakeSlack.Message approval = queued();
        String token = SdxCallbacks.token(Fakes.sdx(), SdxStubs.EDGE_ID);

        storeDown(() -> assertThat(SdxCallbacks.send(token, "completed").statusCode()).isBetween(500, 599));

        // SDX does not call again; without news the bot asks SDX (callback grace: 3 s).
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.EDGE_ID + "/job")).willReturn(okJson("[{\"id\":\"job-pg\","
                + "\"idempotency_key\":\"idem-pg-poll\",\"description\":\"" + Flow.code(approval) + " via Slack\","
                + "\"started_at\":\"2026-04-20T03:15:00+00:00\",\"completed_at\":\"2026-04-20T03:15:09+00:00\",\"failed_at\":null}]")));
        Fakes.sdx().stubFor(get(urlEqualTo("/site/" + SdxStubs.EDGE_ID + "/job/job-pg")).willReturn(okJson("{\"id\":\"job-pg\","
                + "\"idempotency_key\":\"idem-pg-poll\",\"started_at\":\"2026-04-20T03:15:00+00:00\","
                + "\"completed_at\":\"2026-04-20T03:15:09+00:00\",\"failed_at\":null}")));
        assertThat(awaitThread(approval, 2).get(1)).startsWith(":white_check_mark: SDX job status: *completed*");
        assertEndsCompleted(approval);
    }

    @Test
    void replyPostedJustBeforeTheStoreFailsIsNotPostedAgain() {
        FakeSlack.Message approval = pending();
        // Slack posts the receipt at once but answers 2 s later, when the store is gone.
        Fakes.slack().slowIn(flow.channel, "chat.postMessage", 1, Duration.ofSeconds(2));
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> flow.thread(approval).size() == 1);

        storeDown(() -> sleep(Duration.ofSeconds(15)));

        // Longer than the profile's 5 s claim.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> flow.thread(approval).size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Queued in SDX"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertEndsCompleted(FakeSlack.Message approval) {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> flow.thread(approval).size() == 2);
        assertThat(flow.thread(approval).get(0)).startsWith(":inbox_tray: *Queued in SDX*");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("SDX job *completed*"));
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).hasSize(1);
    }

    /** Stops PostgreSQL for {@code whileDown}, and starts it again whatever happens. */
    private static void storeDown(Runnable whileDown) {
        PrivatePostgres.server().stopServer();
        try {
            whileDown.run();
        } finally {
            PrivatePostgres.server().startServer();
        }
    }

    private FakeSlack.Message pending() {
        Response answer = flow.queue("\"Edge Router\"", "/system identity print");
        answer.then().statusCode(200);
        return OutageDiagnosis.explained(flow::awaitApprovalMessage, "the command was answered " + answer.asString());
    }

    private FakeSlack.Message queued() {
        FakeSlack.Message approval = pending();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(OutageDiagnosis.explained(() -> flow.awaitThread(approval, 1)).get(0))
                .startsWith(":inbox_tray: *Queued in SDX*");
        return approval;
    }

    /** After an outage the outbox worker may be in a backoff pause: give it longer than a plain flow. */
    private List<String> awaitThread(FakeSlack.Message approval, int replies) {
        return OutageDiagnosis.explained(() -> {
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.thread(approval).size() >= replies);
            return flow.thread(approval);
        });
    }
}
