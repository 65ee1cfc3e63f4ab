package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** The Home tab: published when opened, with Approve and Reject on what waits for the person who opened it. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class AppHomeFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-home", "idem-home");
        Fakes.slack().group(Fakes.APPROVER_GROUP, "UHOMEMEMBER");
    }

    private static Response event(String json) {
        return SlackRequests.postSigned(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void homeOpened(String user) {
        event("{\"token\":\"x\",\"team_id\":\"T0NET\",\"api_app_id\":\"A0SDX\",\"type\":\"event_callback\","
                + "\"event_id\":\"Ev1\",\"event_time\":1700000000,\"event\":{\"type\":\"app_home_opened\",\"user\":\"" + user
                + "\",\"channel\":\"D0HOME\",\"tab\":\"home\",\"event_ts\":\"1700000000.000100\"}}").then().statusCode(200);
    }

    private static JsonNode awaitHome(String user, String containing) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Fakes.slack().home(user) != null
                && Fakes.slack().home(user).contains(containing));
        return Flow.tree(Fakes.slack().home(user));
    }

    private static Response clickOnHome(String user, String action, String requestId) {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_actions");
        payload.putObject("user").put("id", user).put("username", "someone").put("team_id", "T0NET");
        payload.putObject("team").put("id", "T0NET");
        payload.putObject("container").put("type", "view").put("view_id", "VHOME");
        payload.putObject("view").put("id", "VHOME").put("type", "home");
        payload.put("api_app_id", "A0SDX").put("trigger_id", "1.2.x");
        payload.putArray("actions").addObject().put("action_id", action).put("block_id", "home_" + requestId)
                .put("value", requestId).put("type", "button").put("action_ts", "1700000000.1");
        return SlackRequests.post(Map.of("payload", payload.toString()));
    }

    @Test
    void slacksUrlVerificationIsAnswered() {
        String answer = event("{\"token\":\"x\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}").then().statusCode(200).extract().asString();
        assertThat(answer).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void homeTabShowsWhatWaitsForTheApproverAndLetsThemApproveThere() {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        String code = Flow.code(approval);
        homeOpened(Fakes.APPROVER);
        JsonNode home = awaitHome(Fakes.APPROVER, code);
        assertThat(home.path("type").asText()).isEqualTo("home");
        assertThat(home.path("blocks").findValuesAsText("action_id")).contains("sdx_approve", "sdx_reject");
        assertThat(home.path("blocks").toString()).contains("Waiting for your approval", "Your recent requests",
                "Active change freezes");

        clickOnHome(Fakes.APPROVER, "sdx_approve", Flow.requestId(approval)).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().home(Fakes.APPROVER).contains(code));
    }

    @Test
    void requesterSeesTheirRecentRequestsAndNoButtonsForThem() {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        String code = Flow.code(flow.awaitApprovalMessage());
        homeOpened(SlackRequests.REQUESTER);
        JsonNode home = awaitHome(SlackRequests.REQUESTER, code);
        String text = home.path("blocks").toString();
        assertThat(text.indexOf(code)).isGreaterThan(text.indexOf("Your recent requests"));
    }

    @Test
    void clickOnTheHomeTabBySomeoneWhoMayNotApproveChangesNothingAndSaysSoThere() throws Exception {
        flow.queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        clickOnHome("UNOTANAPPROVER", "sdx_approve", Flow.requestId(approval)).then().statusCode(200);
        awaitHome("UNOTANAPPROVER", "approve or reject this change");
        Thread.sleep(300);
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();
    }

    @Test
    void otherEventsAreIgnoredAndMalformedOnesRefused() {
        event("{\"type\":\"event_callback\",\"team_id\":\"T0NET\",\"event\":{\"type\":\"message\",\"text\":\"<!channel>\"}}")
                .then().statusCode(200);
        event("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_home_opened\",\"user\":\"<!here>\"}}").then()
                .statusCode(400);
        event("{\"type\":\"event_callback\"} trailing").then().statusCode(400);
        event("[1,2]").then().statusCode(400);
        event("{\"type\":\"url_verification\",\"challenge\":\"<script>\"}").then().statusCode(400);
    }
}
