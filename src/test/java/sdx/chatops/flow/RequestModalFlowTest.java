package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * The request form for multi-line scripts: opened with the command's trigger_id, its site picker
 * served from SDX's site list, and its submission checked like the slash command, problems shown on
 * the fields.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class RequestModalFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-modal", "idem-modal");
    }

    /** The modal the bot opened last for this test's channel. */
    private JsonNode openedView() {
        return Fakes.slack().openedViews().stream().map(v -> Flow.tree(v.get("view")))
                .filter(v -> v.path("private_metadata").asText().contains(flow.channel)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no modal opened for " + flow.channel));
    }

    private static Response post(ObjectNode payload) {
        return SlackRequests.post(Map.of("payload", payload.toString()));
    }

    private ObjectNode submission(JsonNode view, String siteId, String script, String reason, String... ticked) {
        ObjectNode payload = JSON.createObjectNode().put("type", "view_submission");
        payload.putObject("team").put("id", "T0NET").put("domain", "netops");
        payload.putObject("user").put("id", SlackRequests.REQUESTER).put("username", "urequester").put("team_id", "T0NET");
        payload.put("api_app_id", "A0SDX").put("trigger_id", "1.2.abc");
        ObjectNode submitted = payload.putObject("view");
        submitted.put("id", "VMODAL").put("type", "modal").put("callback_id", view.path("callback_id").asText())
                .put("private_metadata", view.path("private_metadata").asText());
        ObjectNode values = submitted.putObject("state").putObject("values");
        ObjectNode site = values.putObject("site").putObject("site").put("type", "external_select");
        if (siteId != null) {
            site.putObject("selected_option").put("value", siteId).putObject("text").put("type", "plain_text").put("text", "x");
        } else {
            site.putNull("selected_option");
        }
        values.putObject("script").putObject("script").put("type", "plain_text_input").put("value", script);
        values.putObject("reason").putObject("reason").put("type", "plain_text_input").put("value", reason);
        ArrayNode options = values.putObject("options").putObject("options").put("type", "checkboxes")
                .putArray("selected_options");
        for (String option : ticked) {
            options.addObject().put("value", option).putObject("text").put("type", "plain_text").put("text", option);
        }
        return payload;
    }

    @Test
    void bareCommandOpensTheFormWithTheTriggerIdAndTheChannelInItsMetadata() {
        Response ack = flow.command(SlackRequests.REQUESTER, "");
        ack.then().statusCode(200);
        assertThat(ack.asString()).isEmpty();
        JsonNode view = openedView();
        assertThat(view.path("type").asText()).isEqualTo("modal");
        assertThat(view.path("callback_id").asText()).isEqualTo("sdx_request");
        assertThat(Flow.tree(view.path("private_metadata").asText()).path("channel").asText()).isEqualTo(flow.channel);
        assertThat(view.path("blocks").findValuesAsText("action_id")).contains("site", "script", "reason", "options");
        assertThat(view.at("/blocks/1/element/multiline").asBoolean()).isTrue();
        assertThat(view.at("/blocks/1/element/max_length").asInt()).isEqualTo(2000);
        assertThat(Fakes.slack().openedViews())
                .anyMatch(v -> v.get("trigger_id").equals("13345224609.738474920.8088930838d88f008e0"));
    }

    @Test
    void queueWithASiteAndNoScriptOpensTheFormWithTheSitePreselected() {
        flow.command(SlackRequests.REQUESTER, "queue core-rtr-01").then().statusCode(200);
        JsonNode picker = openedView().path("blocks").get(0).path("element");
        assertThat(picker.path("type").asText()).isEqualTo("external_select");
        assertThat(picker.at("/initial_option/value").asText()).isEqualTo(SdxStubs.CORE_ID);
        assertThat(picker.at("/initial_option/text/text").asText()).isEqualTo("core-rtr-01 · online · 7.16.2");
    }

    @Test
    void sitePickerOffersTheSitesWhoseNameHoldsWhatWasTyped() {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_suggestion").put("action_id", "site")
                .put("block_id", "site").put("value", "EDGE");
        payload.putObject("user").put("id", SlackRequests.REQUESTER);
        payload.putObject("team").put("id", "T0NET");
        JsonNode answer = Flow.tree(post(payload).then().statusCode(200).extract().asString());
        assertThat(answer.path("options")).hasSize(1);
        assertThat(answer.at("/options/0/value").asText()).isEqualTo(SdxStubs.EDGE_ID);
        assertThat(answer.at("/options/0/text/text").asText()).isEqualTo("Edge Router · online · 7.16.2");
        payload.put("value", "");
        assertThat(Flow.tree(post(payload).then().statusCode(200).extract().asString()).path("options").size())
                .isGreaterThan(4);
    }

    @Test
    void problemsComeBackAsErrorsOnTheFieldsAndNothingIsQueued() throws Exception {
        flow.command(SlackRequests.REQUESTER, "").then().statusCode(200);
        JsonNode view = openedView();
        JsonNode missing = Flow.tree(post(submission(view, null, " ", null)).then().statusCode(200).extract().asString());
        assertThat(missing.path("response_action").asText()).isEqualTo("errors");
        assertThat(missing.at("/errors/site").asText()).isEqualTo("Pick a site.");
        assertThat(missing.at("/errors/script").asText()).contains("Write the RouterOS script");

        JsonNode tooLong = Flow.tree(post(submission(view, SdxStubs.CORE_ID, "x".repeat(2_001), null)).then().statusCode(200)
                .extract().asString());
        assertThat(tooLong.at("/errors/script").asText()).contains("2001 characters; SDX accepts at most 2000");

        JsonNode unbalanced = Flow.tree(post(submission(view, SdxStubs.CORE_ID, "/ip address\nadd address=[find", null))
                .then().statusCode(200).extract().asString());
        assertThat(unbalanced.at("/errors/script").asText()).startsWith("The script cannot run as written: line 2, column");

        JsonNode gone = Flow.tree(post(submission(view, "00000000-0000-4000-8000-000000000000", "/ip address print", null))
                .then().statusCode(200).extract().asString());
        assertThat(gone.at("/errors/site").asText()).contains("no longer has this site");

        ObjectNode forged = submission(view, SdxStubs.CORE_ID, "/ip address print", null);
        ((ObjectNode) forged.path("view")).put("private_metadata", "{\"channel\":\"<!channel>\"}");
        assertThat(Flow.tree(post(forged).then().statusCode(200).extract().asString()).at("/errors/site").asText())
                .contains("lost the channel");
        Thread.sleep(300);
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
    }

    @Test
    void validSubmissionClosesTheFormAndTheMultiLineScriptReachesSdxAsTyped() {
        flow.command(SlackRequests.REQUESTER, "queue core-rtr-01").then().statusCode(200);
        String script = "/ip firewall address-list\nadd list=blocked address=203.0.113.7 comment=\"a & b <x>\"\n"
                + ":foreach i in=[find list=blocked] do={ :put $i }\n";
        Response closed = post(submission(openedView(), SdxStubs.CORE_ID, script, "CHG-4711: block a scanner", "make_backup"));
        closed.then().statusCode(200);
        assertThat(closed.asString()).isEmpty();

        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.visibleText(approval)).contains("*Reason:* CHG-4711: block a scanner").contains("make_backup=true")
                .contains("express_execute=false").contains("needs_acknowledgement=false");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        JsonNode sent = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID).get(0).getBodyAsString());
        assertThat(sent.path("script").asText()).isEqualTo(script);
        assertThat(sent.path("needs_acknowledgement").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> Flow.visibleText(approval).contains("Queued in SDX"));
    }

    @Test
    void formFromAnotherAppsViewIsRefused() {
        ObjectNode payload = submission(JSON.createObjectNode().put("callback_id", "someone_elses").put("private_metadata",
                "{}"), SdxStubs.CORE_ID, "/x", null);
        post(payload).then().statusCode(400);
    }
}
