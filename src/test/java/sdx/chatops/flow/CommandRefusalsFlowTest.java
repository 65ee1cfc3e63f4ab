package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/** Every refusal answers the engineer privately, says why, and posts no approval message. */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class CommandRefusalsFlowTest {

    private final Flow flow = new Flow();

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
    }

    @AfterEach
    void noApprovalMessageAndNothingSentToSdx() throws InterruptedException {
        Thread.sleep(200);
        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).isEmpty();
    }

    @Test
    void helpAnswersWithUsage() {
        assertThat(ack("help")).contains("Usage").contains("/sdx queue [options] &lt;site&gt; &lt;script&gt;")
                .doesNotContain(":warning:");
    }

    @Test
    void bareCommandFallsBackToUsageWhenSlackWillNotOpenTheForm() {
        Fakes.slack().fail("views.open", 1, 200, "{\"ok\":false,\"error\":\"expired_trigger_id\"}", java.util.Map.of());
        assertThat(ack("")).contains("Usage");
    }

    @Test
    void unknownSubCommandNamesItAndShowsUsage() {
        assertThat(ack("reboot everything")).contains("`reboot`").contains("Usage");
    }

    @Test
    void missingSiteIsRefusedWithGuidance() {
        assertThat(ack("queue \"  \" /system reboot")).contains("needs a site");
    }

    @Test
    void scriptOverSdxLimitIsRefusedWithItsLength() {
        assertThat(ack("queue core-rtr-01 " + "/log info x;".repeat(200))).contains("2400 characters").contains("at most 2000");
    }

    @Test
    void unknownSiteNameIsRefused() {
        assertThat(ack("queue no-such-router /system identity print")).contains("no site `no-such-router`");
    }

    @Test
    void unknownSiteUuidIsRefused() {
        assertThat(ack("queue 00000000-0000-4000-8000-000000000000 /system identity print"))
                .contains("no site `00000000-0000-4000-8000-000000000000`");
    }

    @Test
    void ambiguousSiteNameListsTheCandidates() {
        assertThat(ack("queue branch /system identity print")).contains("Several SDX sites are called `branch`")
                .contains(SdxStubs.BRANCH_A_ID).contains(SdxStubs.BRANCH_B_ID);
    }

    @Test
    void sdxFailingToListSitesIsExplainedWithoutSecrets() {
        Fakes.sdx().stubFor(get(urlEqualTo("/site-minimal")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Unauthorized or invalid token provided.\"}")));
        String ack = ack("queue core-rtr-01 /system identity print");
        assertThat(ack).contains("could not check the site").contains("Unauthorized or invalid token provided.")
                .doesNotContain(Fakes.SDX_TOKEN);
    }

    @Test
    void approvalMessageThatCannotBePostedCancelsTheRequestAndTellsTheRequester() {
        Flow gone = new Flow("CGONE");
        String ack = gone.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");
        assertThat(ack).contains("sent for approval");
        assertThat(gone.awaitEphemeral(1).get(0)).contains("could not post the approval request").contains("channel_not_found")
                .contains("nothing was queued");
        assertThat(Fakes.slack().calls("chat.postMessage").stream().filter(c -> gone.channel.equals(c.params().get("channel"))))
                .hasSize(1);
    }

    private String ack(String text) {
        return flow.command(SlackRequests.REQUESTER, text).then().statusCode(200).extract().jsonPath().getString("text");
    }
}
