package sdx.chatops.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.restassured.response.Response;
import sdx.chatops.approval.RequestStore;

/**
 * One conversation in its own channel: what an engineer and an approver do, and what they see.
 * A channel per test keeps tests apart although they share one bot and one store.
 */
public final class Flow {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> REQUEST_IDS = new ConcurrentHashMap<>();
    private static final Pattern CODE = Pattern.compile("SDX-[0-9A-Z]{6}");

    public final String channel;

    public Flow() {
        this("C");
    }

    /**
     * A conversation in a new channel whose id starts with {@code prefix}: FakeSlack answers
     * {@code channel_not_found} for channels starting with {@code CGONE}.
     */
    public Flow(String prefix) {
        this(prefix, true);
    }

    private Flow(String channel, boolean random) {
        this.channel = random
                ? channel + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT)
                : channel;
    }

    /** A conversation in exactly this channel, for rules that name it; one test per channel. */
    public static Flow in(String channel) {
        return new Flow(channel, false);
    }

    public Response command(String user, String text) {
        return SlackRequests.post(SlackRequests.slashCommand(channel, user, text, channel + "-cmd"));
    }

    public Response queue(String site, String script) {
        return command(SlackRequests.REQUESTER, "queue " + site + " " + script);
    }

    public FakeSlack.Message awaitApprovalMessage() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !Fakes.slack().channel(channel).isEmpty());
        FakeSlack.Message approval = Fakes.slack().channel(channel).get(0);
        requestId(approval);
        awaitRecorded(approval);
        return approval;
    }

    /**
     * Waits until the bot has stored the approval message's ts, which it does just after Slack's
     * answer to the post: a click is valid only on the message its request records, and a test that
     * clicks the moment the fake has the message can otherwise beat that write. In the test's own JVM
     * (a {@code @QuarkusTest}) the store is asked; a packaged bot runs elsewhere, and is left alone.
     */
    public static void awaitRecorded(FakeSlack.Message approval) {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return;
        }
        RequestStore store = container.instance(RequestStore.class).get();
        String id = requestId(approval);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> store.find(id).map(r -> approval.ts.equals(r.approvalTs())).orElse(false));
    }

    public Response click(String user, String actionId, FakeSlack.Message approval) {
        return SlackRequests.post(SlackRequests.click(channel, user, actionId, requestId(approval), approval.ts,
                channel + "-click-" + user));
    }

    public Response approve(String user, FakeSlack.Message approval) {
        return click(user, "sdx_approve", approval);
    }

    /**
     * A change on core-rtr-01 queued and approved, SDX's receipt in the thread, then SDX's callback with
     * {@code status} in the thread too (so the job's id is known); the approval message.
     */
    public FakeSlack.Message queuedAndReported(String status) {
        queue("core-rtr-01", "/ip address print").then().statusCode(200);
        FakeSlack.Message approval = awaitApprovalMessage();
        approve(Fakes.APPROVER, approval).then().statusCode(200);
        awaitThread(approval, 1);
        SdxCallbacks.send(SdxCallbacks.token(Fakes.sdx(), SdxStubs.CORE_ID), status).then().statusCode(200);
        awaitThread(approval, 2);
        return approval;
    }

    public List<String> thread(FakeSlack.Message approval) {
        return Fakes.slack().threadTexts(channel, approval.ts);
    }

    public List<String> awaitThread(FakeSlack.Message approval, int replies) {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread(approval).size() >= replies);
        return thread(approval);
    }

    /** Texts of the ephemeral answers sent to this channel's response_urls, in order. */
    public List<String> ephemeralTexts() {
        return Fakes.slack().responses().stream().filter(r -> r.id().startsWith(channel))
                .map(r -> tree(r.body()).path("text").asText()).toList();
    }

    public List<String> awaitEphemeral(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ephemeralTexts().size() >= count);
        return ephemeralTexts();
    }

    /**
     * The request id carried by the Approve button, remembered once seen: the button goes after a
     * decision. Keyed by channel too: every FakeSlack numbers its messages' ts from the same start.
     */
    public static String requestId(FakeSlack.Message approval) {
        return REQUEST_IDS.computeIfAbsent(approval.channel + "/" + approval.ts, key -> buttonValue(approval));
    }

    private static String buttonValue(FakeSlack.Message approval) {
        for (JsonNode block : tree(approval.blocks)) {
            for (JsonNode element : block.path("elements")) {
                if ("sdx_approve".equals(element.path("action_id").asText())) {
                    return element.path("value").asText();
                }
            }
        }
        throw new AssertionError("no Approve button in " + approval.blocks);
    }

    /** The request code ({@code SDX-XXXXXX}) the approval message shows. */
    public static String code(FakeSlack.Message approval) {
        Matcher m = CODE.matcher(visibleText(approval));
        if (!m.find()) {
            throw new AssertionError("no request code in " + approval.blocks);
        }
        return m.group();
    }

    public static boolean hasButtons(FakeSlack.Message approval) {
        for (JsonNode block : tree(approval.blocks)) {
            if ("actions".equals(block.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** All text of the message's blocks, for assertions on what people read. */
    public static String visibleText(FakeSlack.Message approval) {
        StringBuilder text = new StringBuilder();
        collect(tree(approval.blocks), text);
        return text.toString();
    }

    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isObject() && node.has("text") && node.get("text").isTextual()) {
            out.append(node.get("text").asText()).append('\n');
        }
        node.forEach(child -> collect(child, out));
    }
}
