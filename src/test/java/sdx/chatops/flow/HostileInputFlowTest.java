package sdx.chatops.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * Correctly signed requests that are still wrong: clicks outside their request's approval message,
 * malformed bodies, hostile names from SDX, response URLs that are not Slack's. None may change a
 * request, reach a channel unescaped, answer 5xx or log a stack trace.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class HostileInputFlowTest {

    private static final String HOSTILE_ID = "7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    private final Flow flow = new Flow();
    private final LogCapture log = LogCapture.install();
    private int mark;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.EDGE_ID, "req-1", "idem-1");
        mark = log.mark();
    }

    private FakeSlack.Message pending() {
        flow.queue("\"Edge Router\"", "/system identity print").then().statusCode(200);
        return flow.awaitApprovalMessage();
    }

    private SlackRequests.Click clickOn(FakeSlack.Message approval) {
        return new SlackRequests.Click(flow.channel, Fakes.APPROVER, "sdx_approve", Flow.requestId(approval), approval.ts,
                Fakes.slack().responseUrl(flow.channel + "-click"));
    }

    private void assertStillPending(FakeSlack.Message approval) throws InterruptedException {
        Thread.sleep(500);
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).isEmpty();
    }

    @Test
    void clickFromAnotherChannelIsRefusedAndChangesNothing() throws Exception {
        FakeSlack.Message approval = pending();
        SlackRequests.Click click = clickOn(approval);
        click.channelId = "C0ELSEWHERE";
        click.containerChannelId = "C0ELSEWHERE";
        SlackRequests.post(click.form()).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("does not belong to that request");
        assertStillPending(approval);
    }

    @Test
    void clickOnAnotherMessageIsRefusedAndChangesNothing() throws Exception {
        FakeSlack.Message approval = pending();
        SlackRequests.Click click = clickOn(approval);
        click.messageTs = "1600000000.000001";
        click.containerMessageTs = "1600000000.000001";
        SlackRequests.post(click.form()).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("does not belong to that request");
        assertStillPending(approval);
    }

    @Test
    void clickWhoseChannelAndContainerDisagreeIsRefused() throws Exception {
        FakeSlack.Message approval = pending();
        SlackRequests.Click click = clickOn(approval);
        click.containerChannelId = "C0ELSEWHERE";
        SlackRequests.post(click.form()).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("does not belong to that request");
        assertStillPending(approval);
    }

    @Test
    void clickFromAnotherWorkspaceIsRefusedAndChangesNothing() throws Exception {
        FakeSlack.Message approval = pending();
        SlackRequests.Click click = clickOn(approval);
        click.teamId = "T0OTHERCO";
        click.userTeamId = "T0OTHERCO";
        SlackRequests.post(click.form()).then().statusCode(200);
        assertThat(flow.awaitEphemeral(1).get(0)).contains("does not belong to that request");
        assertStillPending(approval);
    }

    @Test
    void clickOnTheRightMessageStillApproves() {
        FakeSlack.Message approval = pending();
        SlackRequests.post(clickOn(approval).form()).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).contains("Queued in SDX");
    }

    @Test
    void malformedSignedBodiesAreRefusedWith400AndOneLineWithoutStackTrace() throws Exception {
        FakeSlack.Message approval = pending();
        String valid = clickOn(approval).json();
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("payload not JSON", form("payload", "{not json"));
        forms.put("payload a JSON array", form("payload", "[" + valid + "]"));
        forms.put("payload without user", form("payload", valid.replaceFirst("\"user\":\\{[^}]*\\},", "")));
        forms.put("payload without actions", form("payload", valid.replaceFirst(",\"actions\":\\[.*\\]\\}$", "}")));
        forms.put("payload without team", form("payload", valid.replaceFirst("\"team\":\\{[^}]*\\},", "")));
        forms.put("payload with a number for the user",
                form("payload", valid.replaceFirst("\"user\":\\{[^}]*\\}", "\"user\":7")));
        forms.put("payload with trailing garbage", form("payload", valid + "}}"));
        forms.put("broken percent-escape", "payload=%7B%ZZ".getBytes(StandardCharsets.US_ASCII));
        forms.put("no fields", new byte[0]);
        forms.put("repeated field", (SlackRequests.encode(Map.of("payload", valid)) + "&payload=x")
                .getBytes(StandardCharsets.UTF_8));
        forms.put("command with a user id that is markup", SlackRequests.encode(withField(
                SlackRequests.slashCommand(flow.channel, "<!channel>", "queue core-rtr-01 /x", flow.channel + "-bad"),
                "user_id", "<!channel>")).getBytes(StandardCharsets.UTF_8));
        forms.put("another slash command", SlackRequests.encode(withField(
                SlackRequests.slashCommand(flow.channel, "UREQUESTER", "x", flow.channel + "-bad"), "command", "/other"))
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> body : forms.entrySet()) {
            int before = log.mark();
            int status = SlackRequests.postSigned(body.getValue(), "application/x-www-form-urlencoded").statusCode();
            assertThat(status).as(body.getKey()).isEqualTo(400);
            assertThat(log.since(before).stream().filter(l -> l.message().contains("refused a signed request")))
                    .as(body.getKey()).hasSize(1);
        }
        assertThat(SlackRequests.postSigned(valid.getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
                .as("JSON where a form is expected").isEqualTo(400);
        assertThat(log.stackTracesSince(mark)).as(log.textSince(mark)).isEmpty();
        assertThat(flow.ephemeralTexts()).isEmpty();
        assertStillPending(approval);
        assertThat(Fakes.slack().channel(flow.channel)).hasSize(1);
    }

    @Test
    void hostileSiteNameFromSdxIsEscapedInBlocksAndInFallbackText() {
        Fakes.sdx().stubFor(get(urlEqualTo("/site-minimal")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"" + HOSTILE_ID + "\",\"name\":\"core <!channel> <@U0BOSS> <!subteam^S0ALL>\","
                        + "\"has_pulse\":true}]")));
        String ack = flow.queue(HOSTILE_ID, "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        for (String text : List.of(approval.text, Flow.visibleText(approval), ack)) {
            assertThat(text).doesNotContain("<!channel>", "<@U0BOSS>", "<!subteam").contains("&lt;!channel&gt;");
        }
    }

    @Test
    void responseUrlNotOnSlacksHostIsNeverCalledAndTheBotGoesOn() {
        // Slow site lookup: the answer goes through response_url, which here points elsewhere.
        Fakes.sdx().stubFor(get(urlEqualTo("/site-minimal")).willReturn(aResponse().withStatus(200).withFixedDelay(1_700)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"id\":\"" + SdxStubs.CORE_ID + "\",\"name\":\"core-rtr-01\",\"has_pulse\":true}]")));
        List<String> urls = List.of("https://evil.example/hook", "http://hooks.slack.com.evil.example/x", "not a url",
                "https://user@hooks.slack.com/x", "::::");
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            Map<String, String> form = withField(SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER,
                    "queue core-rtr-01 /system identity print", flow.channel + "-x"), "response_url", url);
            String ack = SlackRequests.post(form).then().statusCode(200).extract().jsonPath().getString("text");
            assertThat(ack).as(url).contains("Checking site");
            // Let this lookup finish (its answer refused) first, so the next command starts its own
            // instead of sharing it.
            long refusals = i + 1;
            await().atMost(Duration.ofSeconds(10)).until(() -> log.since(mark).stream()
                    .filter(l -> l.message().contains("response_url that is not on Slack's host")).count() == refusals);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> Fakes.slack().channel(flow.channel).size() == 5);
        assertThat(log.since(mark).stream().filter(l -> l.message().contains("response_url that is not on Slack's host")))
                .hasSize(5);
        assertThat(log.stackTracesSince(mark)).as(log.textSince(mark)).isEmpty();

        SdxStubs.sites(Fakes.sdx());
        Flow next = new Flow();
        assertThat(next.queue("core-rtr-01", "/system identity print").then().statusCode(200).extract().jsonPath()
                .getString("text")).contains("sent for approval");
    }

    private static byte[] form(String name, String value) {
        return SlackRequests.encode(Map.of(name, value)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> withField(Map<String, String> form, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(form);
        changed.put(name, value);
        return changed;
    }
}
