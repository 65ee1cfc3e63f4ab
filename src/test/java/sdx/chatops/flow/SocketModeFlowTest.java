package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.util.SlackRequestParser;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import sdx.chatops.slack.SlackSocketMode;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.FakeSocketMode;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.InSocketMode;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * Socket Mode ({@code SLACK_APP_TOKEN} set): slash commands and clicks arrive as envelopes over a
 * WebSocket from {@link FakeSocketMode}, pass the same checks, reach the same handlers and are
 * acknowledged with what the HTTP answer would have carried; the connection is mended after Slack's
 * {@code disconnect}, a drop or a silent link; {@code /slack/events} refuses everything.
 */
@QuarkusTest
@TestProfile(InSocketMode.class)
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
class SocketModeFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOT_LOG = "sdx.chatops.slack.SlackSocketMode";

    private final Flow flow = new Flow();
    private final LogCapture log = LogCapture.install();

    @Inject
    @Readiness
    SlackSocketMode socketMode;

    @Inject
    App app;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        Fakes.slack().clearFaults();
        // Every test starts on a link the bot is connected over (an earlier test may have dropped one).
        await().atMost(Duration.ofSeconds(20)).until(() -> socketMode.connected() && hasOpenConnection());
    }

    @Test
    void slashCommandEnvelopeIsAcknowledgedWithTheEphemeralAnswerAndPostsTheApprovalMessage() {
        JsonNode ack = command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");

        assertThat(ack.path("payload").path("text").asText()).contains("sent for approval").contains("core-rtr-01");
        FakeSlack.Message approval = flow.awaitApprovalMessage();
        assertThat(Flow.hasButtons(approval)).isTrue();
        assertThat(Flow.visibleText(approval)).contains("<@" + SlackRequests.REQUESTER + ">").contains("core-rtr-01")
                .contains("/system identity print");
    }

    @Test
    void homeTabOpenedOverTheSocketIsPublished() {
        String user = "UHOMESOCKET";
        String id = socket().envelope("events_api", "{\"token\":\"x\",\"team_id\":\"T0NET\",\"api_app_id\":\"A0SDX\","
                + "\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event_time\":1700000000,\"event\":{\"type\":"
                + "\"app_home_opened\",\"user\":\"" + user + "\",\"channel\":\"D0HOME\",\"tab\":\"home\","
                + "\"event_ts\":\"1700000000.000100\"}}", false);

        assertThat(socket().awaitAck(id).has("payload")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Fakes.slack().home(user) != null);
        assertThat(Fakes.slack().home(user)).contains("Waiting for your approval");
    }

    @Test
    void acknowledgementCarriesExactlyTheBodyTheHttpPathAnswers() throws Exception {
        Map<String, String> form = SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER, "help",
                flow.channel + "-cmd");
        // What POST /slack/events answers in HTTP mode: Bolt's response body for the same form (SlackEventsResource).
        var request = new SlackRequestParser(app.config()).parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").requestBody(SlackRequests.encode(form))
                .headers(new RequestHeaders(Map.of("Content-Type", List.of("application/x-www-form-urlencoded"))))
                .build());
        JsonNode httpBody = JSON.readTree(app.run(request).getBody());

        String id = socket().envelope("slash_commands", JSON.writeValueAsString(form), true);
        JsonNode ack = socket().awaitAck(id);

        assertThat(ack.path("envelope_id").asText()).isEqualTo(id);
        assertThat(ack.path("payload")).isEqualTo(httpBody);
        assertThat(ack.path("payload").path("text").asText()).contains("*Usage*");
        assertThat(ack.size()).as("only envelope_id and payload: %s", ack).isEqualTo(2);
    }

    @Test
    void approveEnvelopeQueuesTheJobInSdxAndPostsTheReceiptInTheThread() throws Exception {
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "5f9475ef-565f-5d10-8a86-4c7f5fdb2687",
                "f9e2b0a1-7f12-4d35-9c86-7ebfe33ac18b");
        command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");
        FakeSlack.Message approval = flow.awaitApprovalMessage();

        JsonNode ack = click(flow, Fakes.APPROVER, "sdx_approve", approval);

        assertThat(ack.has("payload")).as("a click is acknowledged without a payload: %s", ack).isFalse();
        List<String> thread = flow.awaitThread(approval, 1);
        assertThat(thread.get(0)).contains("Queued in SDX").contains("5f9475ef-565f-5d10-8a86-4c7f5fdb2687");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Flow.visibleText(approval)).contains("Approved by <@" + Fakes.APPROVER + ">"));
    }

    @Test
    void malformedEnvelopesAreAcknowledgedWithoutEffectAndLoggedInOneLine() throws Exception {
        Map<String, String> command = SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER,
                "queue core-rtr-01 /system identity print", flow.channel + "-cmd");
        String click = new SlackRequests.Click(flow.channel, Fakes.APPROVER, "sdx_approve",
                "9a7c1d2e-0000-4000-8000-000000000001", "1700000000.000001", Fakes.slack().responseUrl(flow.channel)).json();
        Map<String, String> otherCommand = new LinkedHashMap<>(command);
        otherCommand.put("command", "/other");
        Map<String, String> badUser = new LinkedHashMap<>(command);
        badUser.put("user_id", "not a user");
        List<String[]> cases = List.of(
                new String[] { "slash_commands", JSON.writeValueAsString(otherCommand) },
                new String[] { "slash_commands", JSON.writeValueAsString(badUser) },
                new String[] { "slash_commands", JSON.writeValueAsString(command).replace("\"text\":\"queue",
                        "\"text\":{\"x\":\"queue\"},\"t\":\"queue") },
                new String[] { "interactive", click.replace("sdx_approve", "sdx_launch_missiles") },
                new String[] { "interactive",
                        click.replace("\"user\":{\"id\":\"" + Fakes.APPROVER + "\"", "\"user\":{\"id\":7") },
                new String[] { "interactive", click.replaceFirst("\\{", "{\"command\":\"/sdx\",") },
                // Passes the shape checks, but Bolt cannot map it (a button's type as an object).
                new String[] { "interactive", click.replace("\"type\":\"button\"", "\"type\":{\"button\":1}") },
                new String[] { "interactive", "{\"type\":\"view_submission\"}" },
                new String[] { "events_api", "{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}" },
                new String[] { "shortcut", "{}" });
        int mark = log.mark();

        List<String> ids = new ArrayList<>();
        for (String[] c : cases) {
            ids.add(socket().envelope(c[0], c[1], true));
        }
        // Not an object payload, and a duplicated key, written by hand.
        socket().send("{\"envelope_id\":\"e-scalar\",\"type\":\"slash_commands\",\"payload\":\"queue\"}");
        socket().send("{\"envelope_id\":\"e-dup\",\"type\":\"slash_commands\",\"payload\":"
                + JSON.writeValueAsString(command).replace("\"user_id\":", "\"user_id\":\"U0OTHER\",\"user_id\":") + "}");
        // Nothing to acknowledge: not JSON, and an envelope without an id.
        socket().send("not json at all");
        socket().send("{\"type\":\"slash_commands\",\"payload\":" + JSON.writeValueAsString(command) + "}");
        ids.add("e-scalar");
        ids.add("e-dup");

        for (String id : ids) {
            JsonNode ack = socket().awaitAck(id);
            assertThat(ack.has("payload")).as("refused envelope %s is acknowledged without a payload: %s", id, ack)
                    .isFalse();
        }
        // Later messages on the same connection were acknowledged, so the two without an id have been read too.
        String probe = socket().envelope("shortcut", "{}", false);
        socket().awaitAck(probe);
        Thread.sleep(500);

        assertThat(Fakes.slack().channel(flow.channel)).isEmpty();
        assertThat(Fakes.slack().calls("chat.postMessage", flow.channel)).isEmpty();
        assertThat(Fakes.slack().responses()).noneMatch(r -> r.id().startsWith(flow.channel));
        assertThat(Fakes.sdx().getAllServeEvents()).as("no SDX call").isEmpty();
        List<LogCapture.Line> refusals = log.since(mark).stream()
                .filter(l -> l.logger().equals(BOT_LOG) && l.message().startsWith("refused a Socket Mode")).toList();
        assertThat(refusals).hasSize(cases.size() + 5);
        assertThat(refusals).allMatch(l -> l.level().intValue() == org.jboss.logmanager.Level.WARN.intValue()
                && !l.message().contains("\n"));
        assertThat(log.stackTracesSince(mark)).isEmpty();
        assertThat(log.textSince(mark)).doesNotContain("identity print", FakeSlack.APP_TOKEN, FakeSlack.BOT_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = { "refresh_requested", "warning", "link_disabled" })
    void disconnectMakesTheBotReconnectAndCommandsWorkOnTheNewConnection(String reason) throws Exception {
        FakeSocketMode.Connection old = socket().current();
        int opened = socket().connections().size();
        int opens = Fakes.slack().calls("apps.connections.open").size();

        socket().disconnect(reason);

        FakeSocketMode.Connection fresh = socket().awaitConnections(opened + 1);
        assertThat(Fakes.slack().calls("apps.connections.open").size()).isGreaterThan(opens);
        assertThat(fresh.ticket).isNotEqualTo(old.ticket);
        // The bot closes the old connection itself, with a close frame, once it is done with it.
        assertThat(old.awaitClosed(Duration.ofSeconds(10))).isTrue();
        assertThat(old.closedByBot).isTrue();
        assertThat(old.closeCode).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> socketMode.connected());

        JsonNode ack = command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");
        assertThat(ack.path("payload").path("text").asText()).contains("sent for approval");
        assertThat(flow.awaitApprovalMessage()).isNotNull();
        assertThat(socket().current().number).isEqualTo(fresh.number);
    }

    @Test
    void droppedConnectionIsReconnectedWithGrowingBackoff() throws Exception {
        // A link that lived longer than the longest wait (2 s) starts the backoff from the first wait again.
        Instant linked = socket().current().openedAt;
        Thread.sleep(Math.max(0, 3_000 - Duration.between(linked, Instant.now()).toMillis()));
        Fakes.slack().fail("apps.connections.open", 3, 200, "{\"ok\":false,\"error\":\"internal_error\"}", Map.of());
        int opens = Fakes.slack().calls("apps.connections.open").size();
        int mark = log.mark();

        Instant dropped = Instant.now();
        FakeSocketMode.Connection old = socket().drop();

        await().atMost(Duration.ofSeconds(20)).until(() -> Fakes.slack().calls("apps.connections.open").size() >= opens + 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> socketMode.connected() && socket().current() != old);
        List<Instant> at = new ArrayList<>(List.of(dropped));
        Fakes.slack().calls("apps.connections.open").stream().skip(opens).limit(4).forEach(c -> at.add(c.at()));
        long[] nominal = { 200, 400, 800, 1600 };
        for (int i = 0; i < nominal.length; i++) {
            long gap = Duration.between(at.get(i), at.get(i + 1)).toMillis();
            assertThat(gap).as("wait before reconnection attempt %d", i + 1).isBetween(nominal[i] - 30,
                    (long) (nominal[i] * 1.25) + 1_200);
        }
        String logged = log.textSince(mark);
        assertThat(logged).contains("the Socket Mode connection to Slack ended: the connection dropped without a close frame")
                .contains("Slack answered apps.connections.open with internal_error; connecting again in");
        assertThat(log.stackTracesSince(mark)).isEmpty();

        JsonNode ack = command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");
        assertThat(ack.path("payload").path("text").asText()).contains("sent for approval");
    }

    @Test
    void linkThatStopsAnsweringPingsIsReplaced() {
        Instant silenced = Instant.now();
        socket().silence();
        int opened = socket().connections().size();

        // Pings every 2 s: no pong for 3 s closes the link, and a new one is opened.
        FakeSocketMode.Connection fresh = socket().awaitConnections(opened + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> socketMode.connected() && socket().current() == fresh);

        assertThat(Duration.between(silenced, fresh.openedAt)).isLessThan(Duration.ofSeconds(12));
        JsonNode ack = command(flow, SlackRequests.REQUESTER, "queue core-rtr-01 /system identity print");
        assertThat(ack.path("payload").path("text").asText()).contains("sent for approval");
    }

    @Test
    void readinessReportsTheSocketConnection() {
        JsonPath health = Management.given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

        Map<String, Object> check = health.getMap("checks.find { it.name == 'slack-socket-mode' }");
        assertThat(check).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) check.get("data");
        assertThat(data).containsEntry("mode", "socket").containsEntry("connected", true).containsKey("connected_since");
        assertThat((Integer) data.get("connections")).isGreaterThanOrEqualTo(1);
        assertThat((Integer) data.get("slack_connections")).isGreaterThanOrEqualTo(1);
        // The connection was opened with the app-level token, never the bot token.
        assertThat(Fakes.slack().calls("apps.connections.open")).isNotEmpty()
                .allMatch(c -> ("Bearer " + FakeSlack.APP_TOKEN).equals(c.authorization()));
    }

    @Test
    void slackEventsRefusesEvenCorrectlySignedRequestsInSocketMode() throws Exception {
        int mark = log.mark();

        SlackRequests.post(SlackRequests.slashCommand(flow.channel, SlackRequests.REQUESTER,
                "queue core-rtr-01 /system identity print", flow.channel + "-cmd")).then().statusCode(404);
        SlackRequests.postSigned("payload={}".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")
                .then().statusCode(404);

        Thread.sleep(500);
        assertThat(Fakes.slack().calls("chat.postMessage", flow.channel)).isEmpty();
        assertThat(Fakes.sdx().getAllServeEvents()).isEmpty();
        assertThat(log.since(mark)).filteredOn(l -> l.message().startsWith("refused a request to /slack/events"))
                .hasSize(2)
                .allMatch(l -> l.message().contains("Socket Mode") && l.level().intValue() >= Level.WARNING.intValue());
        assertThat(log.stackTracesSince(mark)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static FakeSocketMode socket() {
        return Fakes.slack().socketMode();
    }

    private static boolean hasOpenConnection() {
        return socket().connections().stream().anyMatch(FakeSocketMode.Connection::isOpen);
    }

    /** A slash command as Slack sends it over the socket: the form fields as JSON keys. */
    static JsonNode command(Flow flow, String user, String text) {
        try {
            String payload = JSON
                    .writeValueAsString(SlackRequests.slashCommand(flow.channel, user, text, flow.channel + "-cmd"));
            return socket().awaitAck(socket().envelope("slash_commands", payload, true));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A click as Slack sends it over the socket: the same JSON as the HTTP {@code payload} field. */
    static JsonNode click(Flow flow, String user, String actionId, FakeSlack.Message approval) {
        String payload = new SlackRequests.Click(flow.channel, user, actionId, Flow.requestId(approval), approval.ts,
                Fakes.slack().responseUrl(flow.channel + "-click-" + user)).json();
        return socket().awaitAck(socket().envelope("interactive", payload, false));
    }
}
