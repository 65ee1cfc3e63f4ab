package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class CoreFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @Test
    void queueApproveSubmitReceiptAndStatusesReachTheThread() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "5f9475ef-565f-5d10-8a86-4c7f5fdb2687",
                "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b");
        String typed = "/ip firewall filter add chain=input action=drop src-address=203.0.113.0/24 comment=\"a &amp; b &lt;x&gt;\"";
        String script = "/ip firewall filter add chain=input action=drop src-address=203.0.113.0/24 comment=\"a & b <x>\"";

        String ack = flow.queue("core-rtr-01", typed).then().statusCode(200).extract().jsonPath().getString("text");
        assertThat(ack).contains("sent for approval").contains("core-rtr-01");

        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(Flow.visibleText(approval)).contains("<@" + SlackRequests.REQUESTER + ">").contains("core-rtr-01")
                .contains(SdxStubs.CORE_ID).contains("make_backup=true").contains("express_execute=false")
                .contains("needs_acknowledgement=true")
                .contains("comment=\"a &amp; b &lt;x&gt;\"");

        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);

        List<String> thread = flow.awaitThread(approval, 1);
        assertThat(thread.get(0)).contains("Queued in SDX").contains("5f9475ef-565f-5d10-8a86-4c7f5fdb2687")
                .contains("f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b").contains("core-rtr-01").contains("2026-04-20T03:14:15+00:00");

        var sent = SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID);
        assertThat(sent).hasSize(1);
        String body = sent.get(0).getBodyAsString();
        String notifyUrl = Flow.tree(body).path("notify_url").asText();
        assertThat(notifyUrl).startsWith(Fakes.PUBLIC_URL + "/sdx/notify/");
        String token = notifyUrl.substring((Fakes.PUBLIC_URL + "/sdx/notify/").length());
        assertThat(token).hasSizeGreaterThanOrEqualTo(22);
        String code = Flow.tree(body).path("description").asText().substring(0, 10);
        Fakes.sdx().verify(postRequestedFor(urlEqualTo("/api/asynchronous/" + SdxStubs.CORE_ID))
                .withHeader("Authorization", equalTo("Bearer " + Fakes.SDX_TOKEN))
                .withRequestBody(equalToJson("{\"description\":\"" + code + " via Slack: urequester in #netops, approved by "
                        + Fakes.APPROVER + "\","
                        + "\"script\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(script) + ","
                        + "\"make_backup\":true,\"express_execute\":false,\"needs_acknowledgement\":true,"
                        + "\"notify_url\":\"" + notifyUrl + "\"}")));

        notify(token, "running");
        notify(token, "completed");

        thread = flow.awaitThread(approval, 3);
        assertThat(thread.get(1)).contains("running");
        assertThat(thread.get(2)).contains("completed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Flow.visibleText(approval))
                .contains("Approved by <@" + Fakes.APPROVER + ">").contains("completed"));
        assertThat(Flow.hasButtons(approval)).isFalse();

        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("sdx_chatops_sdx_queue_requests_total\\{outcome=\"accepted\"[^}]*} [1-9]")
                .containsPattern("sdx_chatops_slack_deliveries_total\\{kind=\"thread_reply\",outcome=\"delivered\"[^}]*} [1-9]")
                .contains("sdx_chatops_outbox_open");
    }

    @Test
    void clickWhoseBodyIsLargerThanTheInputBufferIsReadWholeAndSubmitsOnce() {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-big-click", "idem-big-click");
        flow.queue("core-rtr-01", "/system identity print").then().statusCode(200);
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        // Slack sends the whole message with a click; a long one makes the body far larger than the 10 KiB
        // that Quarkus REST reads in memory before the bot's worker thread takes over.
        SlackRequests.Click click = new SlackRequests.Click(flow.channel, Fakes.APPROVER, "sdx_approve",
                Flow.requestId(approval), approval.ts, Fakes.slack().responseUrl(flow.channel + "-big-click"));
        String payload = click.json().replace("\"text\":\"Change request\"",
                "\"text\":\"" + "change request ".repeat(4_000) + "\"");
        assertThat(SlackRequests.encode(java.util.Map.of("payload", payload)).length()).isGreaterThan(50_000);

        SlackRequests.post(java.util.Map.of("payload", payload)).then().statusCode(200);

        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX").contains("req-big-click");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
    }

    @Test
    void slowSiteLookupIsAcknowledgedAtOnceAndAnsweredThroughResponseUrl() {
        Fakes.sdx().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/site-minimal"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withFixedDelay(2_800).withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\":\"" + SdxStubs.CORE_ID + "\",\"name\":\"core-rtr-01\",\"has_pulse\":true}]")));

        long started = System.nanoTime();
        String ack = flow.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");
        // The ack budget is 1.5 s here, SDX's read timeout 3 s: the ack comes before SDX's answer (it
        // says "checking", not the outcome), with room for a busy machine.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_800));
        assertThat(ack).contains("Checking site `core-rtr-01`");

        assertThat(flow.awaitEphemeral(1).get(0)).contains("sent for approval");
        assertThat(Flow.hasButtons(flow.awaitApprovalMessage())).isTrue();
    }

    static void notify(String token, String status) {
        given().contentType("application/json")
                .body("{\"job_id\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"" + status + "\"}")
                .post("/sdx/notify/" + token).then().statusCode(200);
    }
}
