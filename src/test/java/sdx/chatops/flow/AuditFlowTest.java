package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxCallbacks;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * Who changed what on which router, approved by whom, and what happened: the audit trail in chat
 * ({@code /sdx audit}), in the export ({@code GET /audit/events} on the management port) and as log
 * lines on {@code sdx.audit}.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class AuditFlowTest {

    private final Flow flow = new Flow();
    private final LogCapture log = LogCapture.install();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-audit", "idem-audit");
        Fakes.slack().group(Fakes.APPROVER_GROUP, "UGROUPMEMBER");
    }

    /** A request approved, queued and completed; its code. */
    private String completedRequest() {
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        String token = SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID);
        SdxCallbacks.send(token, "running").then().statusCode(200);
        SdxCallbacks.send(token, "completed").then().statusCode(200);
        SdxCallbacks.send(token, "running").then().statusCode(200);
        flow.awaitThread(approval, 3);
        return Flow.code(approval);
    }

    private static Response export(String query, String token) {
        var spec = Management.given();
        if (token != null) {
            spec = spec.header("Authorization", "Bearer " + token);
        }
        return spec.get("/audit/events" + query);
    }

    private static List<JsonNode> lines(Response response) {
        return response.asString().lines().filter(l -> !l.isBlank()).map(Flow::tree).toList();
    }

    @Test
    void requesterReadsTheWholeTimelinePrivately() {
        String code = completedRequest();
        String trail = flow.command(SlackRequests.REQUESTER, "audit " + code).then().statusCode(200).extract().jsonPath()
                .getString("text");
        assertThat(trail).contains("Audit trail of " + code).contains("*created* by <@" + SlackRequests.REQUESTER + ">")
                .contains("*approval posted* by bot").contains("*approved* by <@" + Fakes.APPROVER + "> (pending → approved)")
                .contains("*submission started* by bot (approved → submitting)")
                .contains("*queued* by sdx (submitting → queued)").contains("sdx_request_id=req-audit")
                .contains("*job status* by sdx (queued → running)").contains("*job status* by sdx (running → completed)")
                .contains("applied=false");
        assertThat(trail.indexOf("*created*")).isLessThan(trail.indexOf("*approved*"));
    }

    @Test
    void someoneWithoutARoleInTheRequestCannotReadItsTrail() {
        String code = completedRequest();
        String answer = flow.command("UOUTSIDER", "audit " + code).then().statusCode(200).extract().jsonPath()
                .getString("text");
        assertThat(answer).contains("Only the requester of " + code).doesNotContain("*created*");
        assertThat(flow.command(SlackRequests.REQUESTER, "audit SDX-000000").then().extract().jsonPath().getString("text"))
                .contains("I know no request `SDX-000000`");
    }

    @Test
    void exportNeedsTheRightBearerToken() {
        export("", null).then().statusCode(401);
        export("", "wrong-token").then().statusCode(401);
        export("", Fakes.AUDIT_TOKEN.substring(1)).then().statusCode(401);
        export("", Fakes.AUDIT_TOKEN).then().statusCode(200).contentType("application/x-ndjson; charset=utf-8");
    }

    @Test
    void exportIsNotOnTheSlackPort() {
        io.restassured.RestAssured.given().header("Authorization", "Bearer " + Fakes.AUDIT_TOKEN).get("/audit/events")
                .then().statusCode(404);
    }

    @Test
    void exportListsEventsOldestFirstAndFiltersBySiteActorAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        String code = completedRequest();
        List<JsonNode> mine = lines(export("?site=" + SdxStubs.CORE_ID + "&since=" + before + "&limit=1000", Fakes.AUDIT_TOKEN))
                .stream().filter(l -> l.path("request_code").asText().equals(code)).toList();
        assertThat(mine).extracting(l -> l.path("kind").asText()).startsWith("CREATED", "APPROVAL_POSTED", "APPROVED",
                "SUBMISSION_STARTED", "QUEUED").contains("JOB_STATUS");
        assertThat(mine).extracting(l -> l.path("id").asLong()).isSorted();
        assertThat(mine.get(2).path("actor").asText()).isEqualTo(Fakes.APPROVER);
        assertThat(mine.get(2).path("from_state").asText()).isEqualTo("PENDING");
        assertThat(mine.get(2).path("to_state").asText()).isEqualTo("APPROVED");
        assertThat(mine.get(0).path("details").path("site_name").asText()).isEqualTo("core-rtr-01");

        List<JsonNode> byApprover = lines(export("?actor=" + Fakes.APPROVER + "&since=" + before, Fakes.AUDIT_TOKEN));
        assertThat(byApprover).isNotEmpty().allMatch(l -> l.path("actor").asText().equals(Fakes.APPROVER));
        assertThat(lines(export("?site=" + SdxStubs.EDGE_ID + "&since=" + before, Fakes.AUDIT_TOKEN)))
                .noneMatch(l -> l.path("request_code").asText().equals(code));
        assertThat(lines(export("?until=" + before, Fakes.AUDIT_TOKEN)))
                .noneMatch(l -> l.path("request_code").asText().equals(code));
    }

    @Test
    void exportPagesWithTheAfterCursor() {
        Instant before = Instant.now().minusSeconds(1);
        completedRequest();
        Response first = export("?since=" + before + "&limit=3", Fakes.AUDIT_TOKEN);
        List<JsonNode> page1 = lines(first);
        assertThat(page1).hasSize(3);
        String next = first.getHeader("X-Next-After");
        assertThat(next).isEqualTo(page1.get(2).path("id").asText());
        List<JsonNode> page2 = lines(export("?since=" + before + "&limit=3&after=" + next, Fakes.AUDIT_TOKEN));
        assertThat(page2).isNotEmpty();
        assertThat(page2.get(0).path("id").asLong()).isGreaterThan(page1.get(2).path("id").asLong());
        assertThat(lines(export("?since=" + before + "&limit=1000", Fakes.AUDIT_TOKEN)).subList(0, 6))
                .extracting(l -> l.path("id").asLong())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(page1.stream(), page2.stream().limit(3))
                        .map(l -> l.path("id").asLong()).toList());
    }

    @Test
    void malformedExportQueriesAreRefusedWith400() {
        for (String query : List.of("?limit=0", "?limit=100000", "?limit=x", "?after=-1", "?since=yesterday",
                "?site=not-a-uuid", "?actor=%3C!channel%3E")) {
            assertThat(export(query, Fakes.AUDIT_TOKEN).statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void everyEventIsAlsoOneLineOnTheAuditLogger() {
        int mark = log.mark();
        String code = completedRequest();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.since(mark).stream()
                .filter(l -> l.logger().equals("sdx.audit") && l.message().contains("request=" + code)).map(l -> l.message()))
                        .anyMatch(m -> m.startsWith("audit CREATED ") && m.contains("actor=" + SlackRequests.REQUESTER))
                        .anyMatch(m -> m.startsWith("audit APPROVED ") && m.contains("actor=" + Fakes.APPROVER)
                                && m.contains("to=APPROVED"))
                        .anyMatch(m -> m.startsWith("audit QUEUED "))
                        .anyMatch(m -> m.startsWith("audit JOB_STATUS ") && m.contains("to=COMPLETED")));
        assertThat(log.since(mark).stream().filter(l -> l.logger().equals("sdx.audit")).map(l -> l.message()))
                .noneMatch(m -> m.contains(Fakes.SDX_TOKEN) || m.contains(Fakes.AUDIT_TOKEN) || m.contains("/system identity"));
    }
}
