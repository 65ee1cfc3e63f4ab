package sdx.chatops.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import sdx.chatops.approval.RequestStore;
import sdx.chatops.testing.FakeSlack;
import sdx.chatops.testing.Fakes;
import sdx.chatops.testing.Flow;
import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.Management;
import sdx.chatops.testing.RawHttp;
import sdx.chatops.testing.SdxStubs;
import sdx.chatops.testing.SlackRequests;

/**
 * Seeded fuzzing of both inbound endpoints, {@code POST /slack/events} and
 * {@code POST /sdx/notify/{token}}: signature edge cases, malformed forms and interaction payloads,
 * well-formed slash commands carrying hostile text, clicks on unknown or foreign requests, and SDX
 * callbacks with unknown tokens or garbage bodies. Every input is drawn from a {@link Random} seeded
 * with {@code fuzz.seed} (default {@value #DEFAULT_SEED}; {@code -Dfuzz.seed=random} draws one and
 * prints it), {@code fuzz.inputs} inputs in all (default {@value #DEFAULT_INPUTS}). Each family has its
 * own generator derived from the seed, so one family can be replayed alone; every assertion names the
 * seed, the family and the input.
 *
 * <p>
 * For the whole run: no answer is a 5xx, the log has no stack trace and no secret, and nothing the bot
 * posts to Slack (messages, edits, blocks, response_url answers, acks) holds markup that could notify
 * or mislead anyone: every {@code <} in it starts {@code <@U...>} or {@code <#C...>} with a valid id,
 * and every {@code &} one of Slack's three escapes. Inputs the bot must refuse cause no Slack and no SDX
 * call. Afterwards the bot is ready and an ordinary request still goes through.
 */
@QuarkusTest
@QuarkusTestResource(value = Fakes.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InputFuzzFlowTest {

    static final long DEFAULT_SEED = 20_260_420L;
    static final int DEFAULT_INPUTS = 1_200;
    static final long SEED = seed(System.getProperty("fuzz.seed"));
    static final int INPUTS = inputs(System.getProperty("fuzz.inputs"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern USER_MENTION = Pattern.compile("<@[UW][A-Z0-9]+>");
    private static final Pattern CHANNEL_LINK = Pattern.compile("<#[CGD][A-Z0-9]+>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt);");
    /** What the bot itself writes besides mentions: times shown in the reader's zone, links to approval messages. */
    private static final Pattern DATE = Pattern.compile("<!date\\^\\d+\\^[^|<>]*\\|[^<>|]*>");
    private static final Pattern ARCHIVE_LINK = Pattern
            .compile("<https://slack\\.com/archives/[CGD][A-Z0-9]+/p\\d+\\|[^<>|]*>");
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Notify tokens this run sent, real or made up: none may appear in the log. */
    private static final Set<String> TOKENS_USED = ConcurrentHashMap.newKeySet();
    /** Families whose test ran to its end in this JVM. */
    private static final Set<Family> COMPLETED = ConcurrentHashMap.newKeySet();
    /** Inputs sent per family in this JVM, for the closing summary. */
    private static final Map<Family, Map<Integer, Integer>> STATUSES = new ConcurrentHashMap<>();

    static {
        System.out.printf("InputFuzzFlowTest: fuzz.seed=%d fuzz.inputs=%d (replay: -Dfuzz.seed=%d -Dfuzz.inputs=%d)%n", SEED,
                INPUTS, SEED, INPUTS);
    }

    /** The input families, each with its share of {@link #INPUTS} in thousandths. */
    enum Family {
        SIGNATURE(200),
        FORM(120),
        PAYLOAD(200),
        COMMAND(120),
        CLICK(120),
        TOKEN(100),
        CALLBACK_BODY(140),
        EVENT_AND_FORM(120),
        FRAMING(80);

        final int perMille;

        Family(int perMille) {
            this.perMille = perMille;
        }

        int count() {
            return Math.max(1, (int) Math.ceil(INPUTS * perMille / 1000.0));
        }

        /** The family's own generator: the same seed draws the same inputs, whichever families run. */
        Random random() {
            return new Random(SEED * 1_000_003L + ordinal());
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final LogCapture log = LogCapture.install();
    private int mark;

    @BeforeEach
    void fakes() {
        Fakes.sdx().resetAll();
        SdxStubs.sites(Fakes.sdx());
        mark = log.mark();
    }

    @AfterAll
    static void summary() {
        int total = STATUSES.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        System.out.printf("InputFuzzFlowTest: seed=%d, %d inputs sent%n", SEED, total);
        STATUSES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.printf("  %-14s %5d inputs, statuses %s%n",
                        e.getKey().label(), e.getValue().values().stream().mapToInt(Integer::intValue).sum(),
                        new TreeMap<>(e.getValue())));
        if (COMPLETED.size() == Family.values().length) {
            assertThat(total).as("fuzz seed=%d: inputs sent over all families", SEED).isGreaterThanOrEqualTo(INPUTS);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Families

    @Test
    @Order(1)
    void requestsWithoutAValidSlackSignatureGet401AndReachNeitherSlackNorSdx() {
        Family family = Family.SIGNATURE;
        Random random = family.random();
        Counts before = quietCounts();
        for (int i = 0; i < family.count(); i++) {
            Body body = anySlackBody(random);
            long now = Instant.now().getEpochSecond();
            String ts = String.valueOf(now);
            String good = SlackRequests.sign(Fakes.SIGNING_SECRET, ts, body.bytes);
            String hex = good.substring(3);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            body.contentType(headers);
            byte[] sent = body.bytes;
            String what;
            switch (random.nextInt(15)) {
                case 0 -> what = "no signature headers";
                case 1 -> {
                    headers.put("X-Slack-Signature", List.of(good));
                    what = "no timestamp";
                }
                case 2 -> {
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    what = "no signature";
                }
                case 3 -> {
                    boolean emptyTs = random.nextBoolean();
                    headers.put("X-Slack-Request-Timestamp", List.of(emptyTs ? "" : ts));
                    headers.put("X-Slack-Signature", List.of(emptyTs ? good : ""));
                    what = emptyTs ? "empty timestamp" : "empty signature";
                }
                case 4 -> {
                    String garbage = random.nextBoolean() ? printableAscii(random, 1 + random.nextInt(120))
                            : "v0=" + randomHex(random, 64);
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(garbage));
                    what = "garbage signature " + garbage;
                }
                case 5 -> {
                    String secret = pick(random, Fakes.SIGNING_SECRET.toUpperCase(Locale.ROOT), Fakes.SIGNING_SECRET + "x",
                            Fakes.SIGNING_SECRET.substring(1), "x" + Fakes.SIGNING_SECRET.substring(1),
                            printableAscii(random, 1 + random.nextInt(40)));
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(SlackRequests.sign(secret, ts, body.bytes)));
                    what = "signed with a wrong secret";
                }
                case 6 -> {
                    sent = tamper(random, body.bytes);
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(good));
                    what = "body changed after signing";
                }
                case 7 -> {
                    long offset = random.nextBoolean() ? -(305 + random.nextInt(10_000_000)) : 310 + random.nextInt(10_000_000);
                    String old = String.valueOf(now + offset);
                    headers.put("X-Slack-Request-Timestamp", List.of(old));
                    headers.put("X-Slack-Signature", List.of(SlackRequests.sign(Fakes.SIGNING_SECRET, old, body.bytes)));
                    what = (offset < 0 ? "stale" : "future") + " timestamp, now" + (offset < 0 ? "" : "+") + offset + "s";
                }
                case 8 -> {
                    String odd = pick(random, "abc", "1.7e9", "0x6553F100", ts + "abc", ts + ".5", "-", "NaN", ts + "-1",
                            "99999999999999999999", "-99999999999999999999", String.valueOf(Long.MAX_VALUE),
                            String.valueOf(Long.MIN_VALUE), "0", "-1", "1", ts + ts, "1_700_000_000");
                    headers.put("X-Slack-Request-Timestamp", List.of(odd));
                    headers.put("X-Slack-Signature", List.of(SlackRequests.sign(Fakes.SIGNING_SECRET, odd, body.bytes)));
                    what = "non-numeric, huge or ancient timestamp " + odd + ", signed over it";
                }
                case 9 -> {
                    String upper = "v0=" + hex.toUpperCase(Locale.ROOT);
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(upper.equals(good) ? upper + "0" : upper));
                    what = "signature in upper-case hex";
                }
                case 10 -> {
                    String prefixed = pick(random, "v1=" + hex, "V0=" + hex, "v0:" + hex, hex, "v0" + hex, "v0=v0=" + hex,
                            "sha256=" + hex, "v0=" + hex.substring(1), "v0=" + hex + "0", "v0=" + hex.substring(0, 32));
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(prefixed));
                    what = "wrong version prefix or length " + prefixed;
                }
                case 11 -> {
                    headers.put("X-Slack-Request-Timestamp", List.of(String.valueOf(now + 1 + random.nextInt(100))));
                    headers.put("X-Slack-Signature", List.of(good));
                    what = "signature for another timestamp";
                }
                case 12 -> {
                    String unversioned = "v0=" + hmacHex(Fakes.SIGNING_SECRET, (ts + ":").getBytes(StandardCharsets.UTF_8),
                            body.bytes);
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature", List.of(unversioned));
                    what = "HMAC over timestamp:body without v0:";
                }
                case 13 -> {
                    headers.put("X-Slack-Request-Timestamp", List.of(ts));
                    headers.put("X-Slack-Signature",
                            List.of("v0=" + randomHex(random, 64), SlackRequests.sign("not-the-secret", ts, body.bytes)));
                    what = "two wrong signature headers";
                }
                default -> {
                    headers.put("X-Slack-Request-Timestamp", List.of(ts, String.valueOf(now - 1)));
                    headers.put("X-Slack-Signature", List.of(good));
                    what = "two timestamp headers";
                }
            }
            String where = where(family, i, what + "; body " + body.description);
            Answer answer = post(family, "/slack/events", headers, sent, where);
            assertThat(answer.status()).as(where).isEqualTo(401);
        }
        assertReachedNeitherSlackNorSdx(family, before);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    @Test
    @Order(2)
    void signedButMalformedFormsGet400AndReachNeitherSlackNorSdx() {
        Family family = Family.FORM;
        Random random = family.random();
        Counts before = quietCounts();
        for (int i = 0; i < family.count(); i++) {
            String channel = fuzzChannel(random);
            String command = commandForm(channel, fuzzUser(random), "T0NET",
                    "queue core-rtr-01 /system identity print".getBytes(StandardCharsets.UTF_8), responseUrl(family, i));
            String click = "payload=" + encode(unknownClick(random, channel, responseUrl(family, i)).json());
            String base = random.nextBoolean() ? command : click;
            String contentType = FORM;
            Set<Integer> refusals = Set.of(400);
            byte[] body;
            String what;
            switch (random.nextInt(13)) {
                case 0 -> {
                    body = randomBytes(random, 1 + random.nextInt(2048));
                    what = "random bytes";
                }
                case 1 -> {
                    String broken = pick(random, "%ZZ", "%G1", "%-1", "%u00", "%%", "%");
                    int at = broken.equals("%") ? base.length() : random.nextInt(base.length() + 1);
                    body = ascii(base.substring(0, at) + broken + base.substring(at));
                    what = "broken percent-escape " + broken + " at " + at;
                }
                case 2 -> {
                    String[] pairs = base.split("&");
                    String pair = pairs[random.nextInt(pairs.length)];
                    String key = pair.substring(0, pair.indexOf('='));
                    String again = random.nextBoolean() ? pair : key + "=" + encode(hostileText(random, 1 + random.nextInt(4)));
                    body = ascii(random.nextBoolean() ? base + "&" + again : again + "&" + base);
                    what = "repeated field " + key;
                }
                case 3 -> {
                    body = new byte[0];
                    what = "empty body";
                }
                case 4 -> {
                    body = utf8(random.nextBoolean() ? unknownClick(random, channel, responseUrl(family, i)).json()
                            : "{\"command\":\"/sdx\",\"user_id\":\"UFUZZ\",\"channel_id\":\"" + channel
                                    + "\",\"team_id\":\"T0NET\",\"text\":\"help\"}");
                    what = "JSON body sent as a form";
                }
                case 5 -> {
                    body = ascii(base);
                    contentType = pick(random, "application/json", "text/plain", "application/octet-stream",
                            "multipart/form-data; boundary=x", "application/xml", "text/html; charset=utf-8",
                            "application/x-www-form", "form", "");
                    what = "form with Content-Type " + contentType;
                    // A Content-Type that is no media type at all (form) is refused by RESTEasy before the bot.
                    refusals = Set.of(400, 415);
                }
                case 6 -> {
                    body = ascii(base);
                    contentType = null;
                    what = "form without Content-Type";
                }
                case 7 -> {
                    String field = pick(random, "user_id", "channel_id", "team_id", "enterprise_id", "command");
                    String value = badValue(random, field);
                    body = ascii(withField(command, field, value));
                    what = "slash command with " + field + "=" + value;
                }
                case 8 -> {
                    String field = pick(random, "user_id", "channel_id", "team_id", "command");
                    body = ascii(withField(command, field, null));
                    what = "slash command without " + field;
                }
                case 9 -> {
                    // Slack's SSL check is answered without looking further: it must not carry a command or a click past the
                    // checks.
                    boolean asCommand = random.nextBoolean();
                    String inner = asCommand
                            ? withField(command, pick(random, "user_id", "channel_id", "team_id"), "<!channel>")
                            : "payload=" + encode(pick(random, "[1]", "{\"type\":\"block_actions\"}",
                                    "{\"type\":\"block_actions\",\"user\":{\"id\":\"UFUZZ\"},\"team\":null}",
                                    deepArray(5_000)));
                    body = ascii(random.nextBoolean() ? "ssl_check=1&" + inner : inner + "&ssl_check=1");
                    what = "ssl_check=1 with an unchecked " + (asCommand ? "slash command" : "payload");
                }
                case 10 -> {
                    // Bolt trims field names and drops raw newlines in them: such a name must not smuggle a second value past
                    // the checks.
                    String name = pick(random, "user_id", "channel_id", "team_id", "payload");
                    String raw = pick(random, "\t", " ", "\n", "\r", "\u000B", "\u0000");
                    String spaced = pick(random, raw + name, name + raw, name.charAt(0) + raw + name.substring(1));
                    String value = name.equals("payload")
                            ? encode("{\"type\":\"block_actions\",\"user\":{\"id\":\"<!channel>\"}}")
                            : encode("<!channel>");
                    String smuggled = spaced + "=" + value;
                    String valid = name.equals("payload") ? click : command;
                    body = ascii(random.nextBoolean() ? smuggled + "&" + valid : valid + "&" + smuggled);
                    what = "field name with a raw control or blank character: " + smuggled;
                }
                case 11 -> {
                    // Bolt skips a field whose value holds a raw '=': the click would pass the checks and Bolt read the command
                    // instead.
                    ObjectNode json = (ObjectNode) tree(unknownClick(random, channel, responseUrl(family, i)).json());
                    json.put("note", "a=b");
                    String payload = "payload=" + encode(json.toString()).replace("%3D", "=");
                    String smuggled = withField(withField(command, "user_id", "<!channel>"), "channel_id", "<#C1|x>");
                    body = ascii(payload + "&" + smuggled);
                    what = "payload value with a raw '=' next to an unchecked slash command";
                }
                default -> {
                    // Bolt reads a form that starts with '{' as Events API JSON, whatever the checks saw in it.
                    String type = pick(random, "url_verification", "event_callback");
                    String inside = "&" + withField(command, "text", "help") + "&end=";
                    body = ascii("{\"type\":\"" + type + "\",\"challenge\":\"" + "<!here>" + "\",\"pad\":\"" + inside + "\"}");
                    what = "form that is also " + type + " JSON";
                }
            }
            String where = where(family, i, what);
            Answer answer = postSigned(family, body, contentType, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isIn(refusals);
        }
        assertReachedNeitherSlackNorSdx(family, before);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    @Test
    @Order(3)
    void signedButMalformedInteractionPayloadsGet400AndReachNeitherSlackNorSdx() {
        Family family = Family.PAYLOAD;
        Random random = family.random();
        Counts before = quietCounts();
        for (int i = 0; i < family.count(); i++) {
            SlackRequests.Click click = unknownClick(random, fuzzChannel(random), responseUrl(family, i));
            click.enterpriseId = random.nextInt(4) == 0 ? "E0ORG" : null;
            String valid = click.json();
            ObjectNode json = (ObjectNode) tree(valid);
            String payload;
            byte[] raw = null;
            String what;
            switch (random.nextInt(12)) {
                case 0 -> {
                    payload = pick(random, "", "{", "{not json", "not json", "{'type':'block_actions'}", "{type:block_actions}",
                            "NaN", "/*x*/" + valid, "\uFEFF" + valid,
                            valid.substring(0, 1 + random.nextInt(valid.length() - 2)),
                            hostileText(random, 3));
                    what = "not JSON";
                }
                case 1 -> {
                    payload = pick(random, "[]", "[" + valid + "]", "[1,2]", "[" + valid + "," + valid + "]");
                    what = "a JSON array";
                }
                case 2 -> {
                    payload = pick(random, "1", "true", "null", "\"block_actions\"", "-0.0", "1e309",
                            "\"" + valid.replace("\"", "\\\"") + "\"");
                    what = "a JSON scalar";
                }
                case 3 -> {
                    String type = pick(random, "view_submission", "block_suggestion", "message_action", "interactive_message",
                            "shortcut",
                            "event_callback", "url_verification", "BLOCK_ACTIONS", "block_actions ", "", "dialog_submission");
                    json.put("type", type);
                    payload = json.toString();
                    what = "type " + type;
                }
                case 4 -> {
                    String path = pick(random, "/type", "/user", "/user/id", "/team", "/actions", "/actions/0",
                            "/actions/0/action_id",
                            "/actions/0/value");
                    if (path.equals("/actions/0")) {
                        ((ArrayNode) json.get("actions")).removeAll();
                    } else {
                        remove(json, path);
                    }
                    payload = json.toString();
                    what = "without " + path;
                }
                case 5 -> {
                    String path = pick(random, "/type", "/user", "/user/id", "/user/team_id", "/team", "/team/id", "/channel",
                            "/channel/id",
                            "/container", "/container/channel_id", "/container/message_ts", "/message", "/message/ts",
                            "/enterprise",
                            "/enterprise/id", "/actions", "/actions/0", "/actions/0/action_id", "/actions/0/value",
                            "/actions/0/block_id",
                            "/response_url");
                    if (path.startsWith("/enterprise/")) {
                        json.set("enterprise", NODES.objectNode().put("id", "E0ORG"));
                    }
                    JsonNode wrong = wrongType(random, path);
                    set(json, path, wrong);
                    payload = json.toString();
                    what = path + " of the wrong type: " + wrong;
                }
                case 6 -> {
                    String path = pick(random, "/user/name", "/user/username", "/trigger_id", "/api_app_id", "/actions/0/text",
                            "/actions/0/type", "/message/text", "/container/is_ephemeral", "/container/type", "/channel/name",
                            "/team/domain");
                    // actions[0].text is an object in Slack's payload; every other one here a string or a boolean.
                    JsonNode wrong = random.nextBoolean() && !path.equals("/actions/0/text") ? NODES.objectNode().put("x", 1)
                            : NODES.arrayNode().add("x");
                    set(json, path, wrong);
                    payload = json.toString();
                    what = path + " (mapped by Bolt) of the wrong type: " + wrong;
                }
                case 7 -> {
                    int depth = 33 + random.nextInt(6_000);
                    String where = pick(random, "top", "user", "message", "whole");
                    payload = switch (where) {
                        case "whole" -> deepArray(depth);
                        case "user" -> valid.replace("\"user\":{", "\"user\":{\"deep\":" + deepObject(depth) + ",");
                        case "message" -> valid.replace("\"message\":{", "\"message\":{\"blocks\":" + deepArray(depth) + ",");
                        default -> valid.substring(0, valid.length() - 1) + ",\"deep\":" + deepArray(depth) + "}";
                    };
                    what = "nested " + depth + " levels deep (" + where + ")";
                }
                case 8 -> {
                    String path = pick(random, "/user/id", "/actions/0/action_id", "/type");
                    int length = 100_000 + random.nextInt(200_000);
                    set(json, path, TextNode.valueOf(randomString(random, ALNUM, length)));
                    payload = json.toString();
                    what = path + " of " + length + " characters";
                }
                case 9 -> {
                    String garbage = pick(random, "}", "]", "x", "{}", "[]", "null", ",", "\"\"", "1", "}}", valid);
                    payload = valid + garbage;
                    what = "trailing " + garbage.length() + " characters: " + garbage;
                }
                case 10 -> {
                    String duplicate = pick(random, ",\"user\":5", ",\"actions\":[]", ",\"type\":\"view_submission\"",
                            ",\"user\":{\"id\":\"<!channel>\"}", ",\"team\":\"T0NET\"");
                    payload = valid.substring(0, valid.length() - 1) + duplicate + "}";
                    what = "a repeated key, the last one wrong: " + duplicate;
                }
                default -> {
                    String path = pick(random, "/user/id", "/actions/0/action_id", "/type");
                    set(json, path, TextNode.valueOf("@@BAD@@"));
                    String[] parts = json.toString().split("@@BAD@@", -1);
                    byte[] bad = pick(random, INVALID_UTF8);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    bytes.writeBytes(utf8(parts[0]));
                    bytes.writeBytes(bad);
                    bytes.writeBytes(utf8(parts[1]));
                    raw = bytes.toByteArray();
                    payload = null;
                    what = path + " with invalid UTF-8 " + HexFormat.of().formatHex(bad);
                }
            }
            byte[] body = ascii("payload=" + (raw != null ? percentEncode(raw) : encode(payload)));
            String where = where(family, i, what);
            Answer answer = postSigned(family, body, FORM, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isEqualTo(400);
        }
        assertReachedNeitherSlackNorSdx(family, before);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    @Test
    @Order(4)
    void slashCommandsWithHostileTextAreAnsweredAndNothingPostedCanNotifyAnyone() {
        Family family = Family.COMMAND;
        Random random = family.random();
        Counts marks = counts();
        Map<String, String> inputOfChannel = new LinkedHashMap<>();
        Map<String, String> pendingAnswers = new LinkedHashMap<>();
        List<String> expectApproval = new ArrayList<>();
        for (int i = 0; i < family.count(); i++) {
            String channel = fuzzChannel(random);
            String user = fuzzUser(random);
            String responseId = responseId(family, i);
            Command command = hostileCommand(random);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("channel_name", new String(hostileBytes(random, 1 + random.nextInt(3)), StandardCharsets.UTF_8));
            extra.put("user_name", new String(hostileBytes(random, 1 + random.nextInt(3)), StandardCharsets.UTF_8));
            if (random.nextInt(4) == 0) {
                extra.put("enterprise_id", random.nextBoolean() ? "" : "E0ORG");
            }
            // Bolt's request is built from the checked form (BoltCommandRequest): fields it reads or
            // skips (empty values, is_enterprise_install), fields it does not know, and bare names.
            if (random.nextInt(4) == 0) {
                extra.put("is_enterprise_install", pick(random, "true", " TRUE ", "false", "", "yes"));
            }
            if (random.nextInt(4) == 0) {
                extra.put(pick(random, "team_domain", "enterprise_name", "api_app_id", "token", "trigger_id"),
                        random.nextBoolean() ? ""
                                : new String(hostileBytes(random, 1 + random.nextInt(3)), StandardCharsets.UTF_8));
            }
            if (random.nextInt(4) == 0) {
                extra.put("x_" + randomString(random, ALNUM, 4).toLowerCase(Locale.ROOT),
                        new String(hostileBytes(random, 1 + random.nextInt(3)), StandardCharsets.UTF_8));
            }
            String form = commandForm(channel, user, random.nextInt(5) == 0 ? "T" + randomString(random, ALNUM, 8) : "T0NET",
                    command.text, Fakes.slack().responseUrl(responseId));
            for (Map.Entry<String, String> e : extra.entrySet()) {
                form = withField(form, e.getKey(), e.getValue());
            }
            if (random.nextInt(8) == 0) {
                form = form + "&bare_" + randomString(random, ALNUM, 3).toLowerCase(Locale.ROOT);
            }
            String where = where(family, i, command.description);
            inputOfChannel.put(channel, where);
            Answer answer = postSigned(family, ascii(form), FORM, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isEqualTo(200);
            String ack = ackText(answer.body());
            assertNoNotifyingMarkup(ack, where + ": the ack");
            if (ack.contains("sent for approval")) {
                expectApproval.add(channel);
            } else if (ack.contains("Checking site")) {
                pendingAnswers.put(responseId, channel);
            }
        }
        // Answers that went through response_url because the site lookup was slow.
        await().atMost(Duration.ofSeconds(30)).until(() -> responseIds(marks).containsAll(pendingAnswers.keySet()));
        for (FakeSlack.Ephemeral answer : Fakes.slack().responses().subList(marks.responses,
                Fakes.slack().responses().size())) {
            if (pendingAnswers.containsKey(answer.id()) && answer.body().contains("sent for approval")) {
                expectApproval.add(pendingAnswers.get(answer.id()));
            }
        }
        assertThat(expectApproval).as("fuzz seed=%d command: some hostile commands for real sites were sent for approval", SEED)
                .isNotEmpty();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> expectApproval.stream().allMatch(channel -> !Fakes.slack().channel(channel).isEmpty()));
        for (String channel : inputOfChannel.keySet()) {
            List<FakeSlack.Message> posted = Fakes.slack().channel(channel);
            assertThat(posted).as(inputOfChannel.get(channel) + ": approval messages in its channel")
                    .hasSize(expectApproval.contains(channel) ? 1 : 0);
        }
        assertPostedNothingThatNotifies(family, marks, inputOfChannel);
        assertCleanLog(family);
        COMPLETED.add(family);
        System.out.printf("InputFuzzFlowTest: %d of %d hostile commands were sent for approval%n", expectApproval.size(),
                family.count());
    }

    @Test
    @Order(5)
    void clicksOnUnknownOrForeignRequestsAreRefusedPrivatelyAndDecideNothing() {
        Family family = Family.CLICK;
        Random random = family.random();
        List<Flow> flows = List.of(new Flow(), new Flow(), new Flow());
        List<FakeSlack.Message> pending = new ArrayList<>();
        for (Flow flow : flows) {
            pending.add(pendingRequest(flow, pick(random, "core-rtr-01", "\"Edge Router\""), "/system identity print"));
        }
        Counts before = quietCounts();
        Counts marks = counts();
        Map<String, String> expectedAnswer = new LinkedHashMap<>();
        Map<String, String> inputOfResponse = new LinkedHashMap<>();
        Map<String, String> expectedHome = new LinkedHashMap<>();
        for (int i = 0; i < family.count(); i++) {
            String responseId = responseId(family, i);
            String url = random.nextInt(10) == 0
                    ? pick(random, "https://evil.example/hook", "http://hooks.slack.com.evil.example/x", "::::", "",
                            "javascript:alert(1)")
                    : Fakes.slack().responseUrl(responseId);
            int kind = random.nextInt(20);
            // Withdraw by the requester on its own message would withdraw it: that click is Approve or Reject.
            String action = kind == 17 ? pick(random, "sdx_approve", "sdx_reject")
                    : pick(random, "sdx_approve", "sdx_reject", "sdx_withdraw");
            SlackRequests.Click click;
            String what;
            String expected;
            if (kind < 6) {
                click = unknownClick(random, fuzzChannel(random), url);
                click.actionId = action;
                what = "unknown request id " + click.value;
                expected = "no record of this change request";
            } else if (kind < 11) {
                click = unknownClick(random, fuzzChannel(random), url);
                click.actionId = action;
                click.value = notARequestId(random);
                what = "value that is not a request id: " + click.value;
                expected = "no record of this change request";
            } else if (kind < 17) {
                int which = random.nextInt(pending.size());
                FakeSlack.Message approval = pending.get(which);
                String user = pick(random, Fakes.APPROVER, SlackRequests.REQUESTER, fuzzUser(random));
                click = new SlackRequests.Click(approval.channel, user, action, Flow.requestId(approval), approval.ts, url);
                what = action + " by " + user + " on pending request " + which + " " + foreignOrigin(random, click);
                expected = "does not belong to that request";
                if (click.homeTab) {
                    // No response_url on the Home tab: the clicker's refreshed tab says it (one clicker per click).
                    click.user = "UHOMEFUZZ" + i;
                    expectedHome.put(click.user, expected);
                    what = what + " by " + click.user;
                }
            } else if (kind == 17) {
                int which = random.nextInt(pending.size());
                FakeSlack.Message approval = pending.get(which);
                click = new SlackRequests.Click(approval.channel, SlackRequests.REQUESTER, action, Flow.requestId(approval),
                        approval.ts, url);
                what = action + " by the requester on pending request " + which + " from its own approval message";
                expected = "someone else must approve or reject it";
            } else {
                click = unknownClick(random, fuzzChannel(random), random.nextBoolean() ? null : url);
                click.actionId = action;
                click.teamId = null;
                click.enterpriseId = null;
                click.channelId = random.nextBoolean() ? null : click.channelId;
                click.userTeamId = random.nextBoolean() ? null : click.userTeamId;
                what = "unknown request id, optional parts null, response_url " + click.responseUrl;
                expected = "no record of this change request";
            }
            String where = where(family, i, what + ", response_url " + click.responseUrl);
            Answer answer = postSigned(family, ascii("payload=" + encode(json(click))), FORM, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isEqualTo(200);
            assertNoNotifyingMarkup(ackText(answer.body()), where + ": the ack");
            if (!click.homeTab && Fakes.slack().responseUrl(responseId).equals(click.responseUrl)) {
                expectedAnswer.put(responseId, expected);
                inputOfResponse.put(responseId, where);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> responseIds(marks).containsAll(expectedAnswer.keySet()));
        await().atMost(Duration.ofSeconds(30)).until(() -> expectedHome.keySet().stream()
                .allMatch(user -> Fakes.slack().home(user) != null));
        expectedHome.forEach((user, expected) -> {
            assertThat(Fakes.slack().home(user)).as("fuzz seed=%d click: Home tab of %s", SEED, user).contains(expected);
            assertNoNotifyingMarkup(Fakes.slack().home(user), "fuzz seed=" + SEED + " click: Home tab of " + user);
        });
        for (FakeSlack.Ephemeral answer : Fakes.slack().responses().subList(marks.responses,
                Fakes.slack().responses().size())) {
            String where = inputOfResponse.getOrDefault(answer.id(), "fuzz seed=" + SEED + " click: answer to " + answer.id());
            assertThat(Flow.tree(answer.body()).path("text").asText()).as(where + ": private answer")
                    .contains(expectedAnswer.getOrDefault(answer.id(), ""));
        }
        sleep(500);
        for (int p = 0; p < pending.size(); p++) {
            FakeSlack.Message approval = pending.get(p);
            String where = "fuzz seed=" + SEED + " click: pending request " + p + " after all clicks";
            assertThat(Flow.hasButtons(approval)).as(where + ": still has its buttons").isTrue();
            assertThat(approval.edits).as(where + ": edits").isZero();
        }
        Counts after = counts();
        List<FakeSlack.Call> posts = Fakes.slack().calls().subList(before.slackCalls, after.slackCalls).stream()
                .filter(c -> c.method().startsWith("chat.")).toList();
        assertThat(posts).as("fuzz seed=%d click: messages posted or edited because of clicks: %s", SEED, describe(posts))
                .isEmpty();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).as("fuzz seed=%d click: jobs queued in SDX", SEED)
                .isEmpty();
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.EDGE_ID)).as("fuzz seed=%d click: jobs queued in SDX", SEED)
                .isEmpty();
        assertPostedNothingThatNotifies(family, marks, Map.of());
        assertCleanLog(family);
        COMPLETED.add(family);
        System.out.printf("InputFuzzFlowTest: %d of %d hostile clicks came from a forged Home tab%n", expectedHome.size(),
                family.count());
    }

    @Test
    @Order(6)
    void callbacksWithUnknownTokensGet4xxAndReachNeitherSlackNorSdx() {
        Family family = Family.TOKEN;
        Random random = family.random();
        Counts before = quietCounts();
        for (int i = 0; i < family.count(); i++) {
            String token;
            String what;
            boolean plain = true;
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    token = randomString(random, BASE64URL, 43);
                    what = "unknown token of the right shape";
                }
                case 2 -> {
                    int length = random.nextBoolean() ? random.nextInt(43) : 44 + random.nextInt(200);
                    token = randomString(random, BASE64URL, Math.max(1, length));
                    what = "token of " + token.length() + " characters";
                }
                case 3 -> {
                    token = randomString(random, BASE64URL, 42)
                            + pick(random, "+", "/", "=", ".", "%", " ", "é", "<", "\u0000", "😀");
                    plain = false;
                    what = "token with a character outside base64url: " + token;
                }
                case 4 -> {
                    token = pick(random, "..", ".", "%2e%2e", "a/b", "a%2Fb", "a;b", "a?b", "a#b", "null", "undefined",
                            "' OR 1=1 --", "<!channel>",
                            "\u202Eabc", randomString(random, BASE64URL, 43).toUpperCase(Locale.ROOT));
                    plain = false;
                    what = "odd token " + token;
                }
                default -> {
                    token = randomString(random, BASE64URL, 2_000 + random.nextInt(3_000));
                    plain = false;
                    what = "token of " + token.length() + " characters";
                }
            }
            TOKENS_USED.add(token);
            boolean validBody = random.nextInt(10) < 7;
            Body body = validBody
                    ? new Body(utf8("{\"job_id\":\"j-1\",\"status\":\"" + pick(random, "completed", "failed", "running")
                            + "\"}"), "application/json", "a valid status")
                    : garbageCallback(random);
            String where = where(family, i, what + ", body " + body.description);
            Answer answer = post(family, "/sdx/notify/" + pathSegment(token), body.headers(), body.bytes, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isBetween(400, 499);
            if (plain && validBody && token.length() < 1_000) {
                assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isEqualTo(404);
            }
        }
        assertReachedNeitherSlackNorSdx(family, before);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    @Test
    @Order(7)
    void callbacksWithTheRightTokenButGarbageBodiesAreRefusedAndChangeNothing() {
        Family family = Family.CALLBACK_BODY;
        Random random = family.random();
        SdxStubs.accepts(Fakes.sdx(), SdxStubs.OFFLINE_ID, "req-fuzz", "idem-fuzz");
        Flow flow = new Flow();
        FakeSlack.Message approval = pendingRequest(flow, "offline-rtr", "/system identity print");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        flow.awaitThread(approval, 1);
        String notifyUrl = Flow.tree(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.OFFLINE_ID).get(0).getBodyAsString())
                .path("notify_url").asText();
        String token = notifyUrl.substring(notifyUrl.lastIndexOf('/') + 1);
        TOKENS_USED.add(token);
        await().atMost(Duration.ofSeconds(10)).until(() -> Flow.visibleText(approval).contains("Queued in SDX"));
        Counts before = quietCounts();
        Counts marks = counts();
        String shown = Flow.visibleText(approval);
        int edits = approval.edits;
        for (int i = 0; i < family.count(); i++) {
            Body body = garbageCallback(random);
            String where = where(family, i, body.description);
            Answer answer = post(family, "/sdx/notify/" + token, body.headers(), body.bytes, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isIn(400, 413);
        }
        sleep(800);
        String where = "fuzz seed=" + SEED + " callback-body: after " + family.count() + " garbage callbacks";
        assertThat(flow.thread(approval)).as(where + ": thread").hasSize(1);
        assertThat(approval.edits).as(where + ": edits of the approval message").isEqualTo(edits);
        assertThat(Flow.visibleText(approval)).as(where + ": approval message").isEqualTo(shown);
        assertReachedNeitherSlackNorSdx(family, before);

        // A status of an odd but acceptable shape is shown, escaped, once.
        String odd = pick(random, "awaiting reboot", "X-Y_Z", "a", "Completed-ish", "rebooting_now");
        String oddWhere = where(family, family.count(), "odd status " + odd);
        assertThat(post(family, "/sdx/notify/" + token, Map.of("Content-Type", List.of("application/json")),
                utf8("{\"status\":\"" + odd + "\"}"), oddWhere).status()).as(oddWhere).isEqualTo(200);
        assertThat(flow.awaitThread(approval, 2).get(1)).as(oddWhere + ": thread reply")
                .contains("*" + odd.toLowerCase(Locale.ROOT) + "*");
        assertPostedNothingThatNotifies(family, marks, Map.of());
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    @Test
    @Order(8)
    void eventsFormSubmissionsAndPickerQueriesWithHostileContentNeverNotifyAnyone() {
        Family family = Family.EVENT_AND_FORM;
        Random random = family.random();
        Counts marks = counts();
        Map<String, String> inputOfChannel = new LinkedHashMap<>();
        for (int i = 0; i < family.count(); i++) {
            String channel = fuzzChannel(random);
            ObjectNode body = NODES.objectNode();
            String contentType;
            String what;
            int kind = random.nextInt(6);
            if (kind == 0) {
                body.put("type", "url_verification").put("challenge", random.nextBoolean() ? hostileText(random, 2)
                        : randomString(random, ALNUM, 1 + random.nextInt(80)));
                contentType = "application/json";
                what = "url_verification with challenge " + body.path("challenge").asText();
            } else if (kind <= 2) {
                body.put("type", "event_callback").put("team_id", random.nextBoolean() ? "T0NET" : hostileText(random, 1));
                ObjectNode event = body.putObject("event").put("type", pick(random, "app_home_opened", "app_home_opened",
                        "message", "app_mention", hostileText(random, 1)));
                event.put("user", random.nextInt(3) == 0 ? hostileText(random, 1) : fuzzUser(random))
                        .put("tab", pick(random, "home", "messages", hostileText(random, 1))).put("channel", channel);
                if (random.nextInt(5) == 0) {
                    event.set("view", random.nextBoolean() ? NODES.arrayNode() : NODES.textNode(hostileText(random, 2)));
                }
                contentType = "application/json";
                what = "event " + event.path("type").asText() + " for " + event.path("user").asText();
            } else if (kind <= 4) {
                // A submitted request form, shaped as Slack sends it, with hostile content throughout.
                body.put("type", "view_submission");
                body.putObject("user").put("id", random.nextInt(4) == 0 ? hostileText(random, 1) : fuzzUser(random))
                        .put("username", hostileText(random, 1));
                body.putObject("team").put("id", "T0NET");
                ObjectNode view = body.putObject("view").put("type", "modal").put("callback_id",
                        random.nextInt(5) == 0 ? hostileText(random, 1) : "sdx_request");
                view.put("private_metadata", random.nextInt(3) == 0 ? hostileText(random, 3)
                        : "{\"team\":\"T0NET\",\"enterprise\":\"\",\"channel\":\"" + channel + "\",\"channel_name\":\""
                                + hostileText(random, 1).replace("\\", "").replace("\"", "") + "\"}");
                ObjectNode values = view.putObject("state").putObject("values");
                String site = pick(random, SdxStubs.CORE_ID, SdxStubs.EDGE_ID, hostileText(random, 1),
                        new UUID(random.nextLong(), random.nextLong()).toString());
                values.putObject("site").putObject("site").put("type", "external_select").putObject("selected_option")
                        .put("value", site);
                values.putObject("script").putObject("script").put("type", "plain_text_input")
                        .put("value", hostileText(random, 1 + random.nextInt(8)));
                values.putObject("reason").putObject("reason").put("type", "plain_text_input")
                        .put("value", random.nextBoolean() ? null : hostileText(random, 2));
                if (random.nextInt(6) == 0) {
                    values.set("options", NODES.textNode(hostileText(random, 1)));
                }
                contentType = FORM;
                what = "form submission for site " + site;
            } else {
                body.put("type", "block_suggestion").put("action_id", random.nextInt(5) == 0 ? "other" : "site")
                        .put("block_id", "site").put("value", hostileText(random, 1 + random.nextInt(3)));
                body.putObject("user").put("id", fuzzUser(random));
                body.putObject("team").put("id", "T0NET");
                contentType = FORM;
                what = "site picker query " + body.path("value").asText();
            }
            String where = where(family, i, what);
            inputOfChannel.put(channel, where);
            byte[] bytes = contentType.equals(FORM) ? ascii("payload=" + encode(body.toString()))
                    : body.toString().getBytes(StandardCharsets.UTF_8);
            Answer answer = postSigned(family, bytes, contentType, where);
            assertThat(answer.status()).as(where + ": answer " + shortened(answer.body())).isIn(200, 400);
            for (String text : answer.body().isBlank() || !answer.body().trim().startsWith("{") ? List.<String> of()
                    : strings(tree(answer.body()))) {
                assertNoNotifyingMarkup(text, where + ": the answer");
            }
        }
        sleep(1_500);
        assertPostedNothingThatNotifies(family, marks, inputOfChannel);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    /**
     * Both endpoints read their body on the I/O thread as it arrives (not a worker thread blocked on
     * it): a body whole, dribbled in pieces with pauses, or chunked, of any size around the 10 KiB that
     * is read in memory and up to the limits, gets exactly the answer it gets sent in one piece; one
     * cut short gets no answer or a 4xx, never a 5xx, and holds up nothing.
     */
    @Test
    @Order(9)
    void bodiesInAnyFramingGetTheAnswerTheyGetInOnePiece() throws Exception {
        Family family = Family.FRAMING;
        Random random = family.random();
        Counts before = quietCounts();
        for (int i = 0; i < family.count(); i++) {
            int size = pick(random, 0, 1, 10_240 - 64 + random.nextInt(128), 10_240 - 64 + random.nextInt(128),
                    20_000 + random.nextInt(50_000), 64 * 1024 + random.nextInt(40_000), 200_000 + random.nextInt(800_000));
            String path;
            Map<String, List<String>> headers = new LinkedHashMap<>();
            byte[] body;
            String what;
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    // A signed /sdx help, padded with a field of its own: answered with the usage.
                    String form = SlackRequests.encode(SlackRequests.slashCommand("CFRAMING", SlackRequests.REQUESTER, "help",
                            "framing-" + i)) + "&pad=" + randomString(random, ALNUM, size);
                    body = utf8(form);
                    signed(headers, body, FORM);
                    path = "/slack/events";
                    what = "signed help of " + body.length + " bytes";
                }
                case 2 -> {
                    body = utf8("payload=%ZZ" + randomString(random, ALNUM, size));
                    if (random.nextBoolean()) {
                        signed(headers, body, FORM);
                        what = "signed malformed form of " + body.length + " bytes";
                    } else {
                        headers.put("Content-Type", List.of(FORM));
                        what = "unsigned form of " + body.length + " bytes";
                    }
                    path = "/slack/events";
                }
                default -> {
                    String token = randomString(random, BASE64URL, 43);
                    TOKENS_USED.add(token);
                    body = random.nextBoolean()
                            ? utf8("{\"status\":\"running\",\"pad\":\"" + randomString(random, ALNUM, size) + "\"}")
                            : utf8(randomString(random, ALNUM + "{}[]\",:", size));
                    headers.put("Content-Type", List.of("application/json"));
                    path = "/sdx/notify/" + token;
                    what = "callback of " + body.length + " bytes to an unknown token";
                }
            }
            RawHttp.Framing framing = pick(random, RawHttp.Framing.values());
            String where = where(family, i, what + ", " + framing);
            Answer whole = post(family, path, headers, body, where);
            RawHttp.Answer framed = RawHttp.post(RestAssured.port, path, headers, body, framing, random);
            STATUSES.computeIfAbsent(family, f -> new ConcurrentHashMap<>()).merge(framed.status(), 1, Integer::sum);
            if (framing == RawHttp.Framing.TRUNCATED) {
                assertThat(framed.status()).as(where + ": answer " + shortened(framed.body())).isIn(-1, 400, 408, 413);
            } else {
                assertThat(framed.status()).as(where + ": status, as in one piece").isEqualTo(whole.status());
                assertThat(framed.body()).as(where + ": answer, as in one piece").isEqualTo(whole.body());
            }
        }
        assertReachedNeitherSlackNorSdx(family, before);
        assertCleanLog(family);
        COMPLETED.add(family);
    }

    /** Slack's signature headers for the body, and its content type unless null. */
    private static void signed(Map<String, List<String>> headers, byte[] body, String contentType) {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        headers.put("X-Slack-Request-Timestamp", List.of(ts));
        headers.put("X-Slack-Signature", List.of(SlackRequests.sign(Fakes.SIGNING_SECRET, ts, body)));
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
    }

    @Test
    @Order(10)
    void afterTheFuzzTheBotIsReadyAndAnOrdinaryRequestStillGoesThrough() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(readinessUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("fuzz seed=%d: %s answered %s", SEED, readinessUrl(), ready.body()).isEqualTo(200);

        SdxStubs.accepts(Fakes.sdx(), SdxStubs.CORE_ID, "req-after-fuzz", "idem-after-fuzz");
        Flow flow = new Flow();
        FakeSlack.Message approval = pendingRequest(flow, "core-rtr-01", "/system identity print");
        flow.approve(Fakes.APPROVER, approval).then().statusCode(200);
        assertThat(flow.awaitThread(approval, 1).get(0)).as("fuzz seed=%d: receipt in the thread", SEED)
                .contains("Queued in SDX")
                .contains("req-after-fuzz");
        assertThat(SdxStubs.queueCalls(Fakes.sdx(), SdxStubs.CORE_ID)).hasSize(1);
        assertThat(log.stackTracesSince(mark)).as(log.textSince(mark)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Whole-run assertions

    /** What the fakes have seen so far: Web API calls, response_url posts, SDX requests. */
    private record Counts(int slackCalls, int responses, int sdxRequests) {
    }

    private static Counts counts() {
        return new Counts(Fakes.slack().calls().size(), Fakes.slack().responses().size(),
                Fakes.sdx().getAllServeEvents().size());
    }

    /**
     * The counts once no stored work is due and the fakes have been quiet for half a second: work of
     * earlier tests is done. Classes share one bot, and a job that ended in an earlier class has its
     * backup and log fetched from SDX by the next sweep (every 10 s), which must not be taken for a
     * call that a fuzz input caused.
     */
    private static Counts quietCounts() {
        RequestStore store = Arc.container().instance(RequestStore.class).get();
        Counts last = counts();
        for (int i = 0; i < 60; i++) {
            sleep(500);
            Counts now = counts();
            Instant at = Instant.now();
            boolean noneDue = store.dueForCheck(at, 1).isEmpty() && store.dueForSubmission(at, 1).isEmpty();
            if (now.equals(last) && noneDue) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void assertReachedNeitherSlackNorSdx(Family family, Counts before) {
        sleep(800);
        Counts after = counts();
        List<FakeSlack.Call> calls = Fakes.slack().calls().subList(before.slackCalls, after.slackCalls);
        List<FakeSlack.Ephemeral> answers = Fakes.slack().responses().subList(before.responses, after.responses);
        List<ServeEvent> sdx = Fakes.sdx().getAllServeEvents();
        String sdxCalls = sdx.subList(0, Math.max(0, after.sdxRequests - before.sdxRequests)).stream()
                .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).collect(Collectors.joining(", "));
        String where = "fuzz seed=" + SEED + " " + family.label() + " (" + family.count() + " inputs to refuse)";
        assertThat(calls).as(where + ": Slack Web API calls they caused: " + describe(calls)).isEmpty();
        assertThat(answers).as(where + ": response_url posts they caused: " + answers).isEmpty();
        assertThat(after.sdxRequests).as(where + ": SDX calls they caused: " + sdxCalls).isEqualTo(before.sdxRequests);
    }

    /**
     * Nothing posted to Slack since {@code marks} (messages, edits, their blocks, response_url answers)
     * holds markup that could notify or mislead, and every approval message stays within Slack's limits.
     */
    private static void assertPostedNothingThatNotifies(Family family, Counts marks, Map<String, String> inputOfChannel) {
        List<FakeSlack.Call> calls = Fakes.slack().calls();
        for (FakeSlack.Call call : calls.subList(marks.slackCalls, calls.size())) {
            if (call.method().startsWith("views.")) {
                ObjectNode view = (ObjectNode) Flow.tree(call.params().get("view"));
                view.remove("private_metadata"); // never shown; read back only by the bot
                for (String text : strings(view)) {
                    assertNoNotifyingMarkup(text, "fuzz seed=" + SEED + " " + family.label() + ": " + call.method());
                }
                continue;
            }
            if (!call.method().startsWith("chat.")) {
                continue;
            }
            String channel = call.params().get("channel");
            String where = inputOfChannel.getOrDefault(channel, "fuzz seed=" + SEED + " " + family.label()) + ": "
                    + call.method()
                    + " to " + printable(channel);
            assertThat(channel).as(where + ": channel id").matches("[CGD][A-Z0-9]{2,30}");
            assertNoNotifyingMarkup(call.params().get("text"), where + " text");
            String blocks = call.params().get("blocks");
            if (blocks != null) {
                JsonNode tree = Flow.tree(blocks);
                assertThat(tree.size()).as(where + ": blocks").isBetween(1, 50);
                for (JsonNode block : tree) {
                    if ("section".equals(block.path("type").asText())) {
                        assertThat(block.path("text").path("text").asText().length()).as(where + ": section text length")
                                .isLessThanOrEqualTo(3_000);
                    }
                }
                for (String text : strings(tree)) {
                    assertNoNotifyingMarkup(text, where + " blocks");
                }
            }
        }
        List<FakeSlack.Ephemeral> answers = Fakes.slack().responses();
        for (FakeSlack.Ephemeral answer : answers.subList(marks.responses, answers.size())) {
            for (String text : strings(Flow.tree(answer.body()))) {
                assertNoNotifyingMarkup(text,
                        "fuzz seed=" + SEED + " " + family.label() + ": response_url answer " + answer.id());
            }
        }
    }

    /**
     * Slack renders {@code <...>} as a mention, a link or a broadcast: the bot writes only
     * {@code <@U...>} and {@code <#C...>} with valid ids, escapes everything else, and so every
     * {@code &} in its text starts an escape.
     */
    static void assertNoNotifyingMarkup(String text, String where) {
        if (text == null) {
            return;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String broadcast : List.of("<!channel", "<!here", "<!everyone", "<!subteam", "<!date^0")) {
            assertThat(lower).as(where + ": " + printable(text)).doesNotContain(broadcast);
        }
        for (int at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
            boolean mention = USER_MENTION.matcher(text).region(at, text.length()).lookingAt()
                    || CHANNEL_LINK.matcher(text).region(at, text.length()).lookingAt()
                    || DATE.matcher(text).region(at, text.length()).lookingAt()
                    || ARCHIVE_LINK.matcher(text).region(at, text.length()).lookingAt();
            assertThat(mention).as(where + ": markup " + printable(text.substring(at, Math.min(text.length(), at + 40)))
                    + " in " + printable(text)).isTrue();
        }
        for (int at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
            assertThat(ENTITY.matcher(text).region(at, text.length()).lookingAt())
                    .as(where + ": unescaped & at " + printable(text.substring(at, Math.min(text.length(), at + 20))) + " in "
                            + printable(text))
                    .isTrue();
        }
    }

    /** No stack trace, no throwable and no secret in what the bot logged during this test. */
    private void assertCleanLog(Family family) {
        String where = "fuzz seed=" + SEED + " " + family.label();
        assertThat(log.stackTracesSince(mark)).as(where + ": stack traces in the log").isEmpty();
        String text = log.textSince(mark);
        List<String> secrets = new ArrayList<>(List.of(Fakes.SIGNING_SECRET, FakeSlack.BOT_TOKEN, Fakes.SDX_TOKEN));
        TOKENS_USED.stream().filter(t -> t.length() >= 16).forEach(secrets::add);
        for (String secret : secrets) {
            assertThat(text.contains(secret)).as(where + ": the log holds the secret " + secret.substring(0, 6) + "…")
                    .isFalse();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Sending

    private record Answer(int status, String body) {
    }

    private static Answer postSigned(Family family, byte[] body, String contentType, String where) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed(headers, body, contentType);
        return post(family, "/slack/events", headers, body, where);
    }

    /** Posts the bytes exactly as given; no answer may be a 5xx. */
    private static Answer post(Family family, String path, Map<String, List<String>> headers, byte[] body, String where) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        HttpResponse<byte[]> response;
        // Vert.x answers a too long request line with HTTP/1.0 414 and closes the connection; the shared
        // client could reuse it for the next input, so such requests get a client of their own.
        HttpClient client = path.length() > 4_000 ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : HTTP;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(where + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(where + ": interrupted", e);
        }
        Answer answer = new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        STATUSES.computeIfAbsent(family, f -> new ConcurrentHashMap<>()).merge(answer.status(), 1, Integer::sum);
        assertThat(answer.status()).as(where + ": HTTP status, answer " + shortened(answer.body())).isLessThan(500);
        return answer;
    }

    private static String baseUrl() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /** Where readiness is asked; the one place to change if health moves to the management interface. */
    /** Health is on the management port, apart from what Slack and SDX reach. */
    private static String readinessUrl() {
        return "http://localhost:" + Management.port() + "/q/health/ready";
    }

    private static String where(Family family, int index, String description) {
        return "fuzz seed=" + SEED + " " + family.label() + " #" + index + " [" + printable(description)
                + "] (replay: ./mvnw -B test -Dtest=InputFuzzFlowTest -Dfuzz.seed=" + SEED + " -Dfuzz.inputs=" + INPUTS + ")";
    }

    // ---------------------------------------------------------------------------------------------
    // Generators

    /** A body with its content type, for the families that send several kinds. */
    private record Body(byte[] bytes, String contentTypeValue, String description) {

        void contentType(Map<String, List<String>> headers) {
            if (contentTypeValue != null) {
                headers.put("Content-Type", List.of(contentTypeValue));
            }
        }

        Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            contentType(headers);
            return headers;
        }
    }

    private record Command(byte[] text, String description) {
    }

    private static final String[] MARKUP = { "<!channel>", "<!here>", "<!everyone>", "<!subteam^S123>", "<!subteam^S0ALL|@all>",
            "<@U123>", "<@U0BOSS|boss>", "<@W123>", "<#C123|x>", "<#C0GENERAL>", "<http://evil|x>",
            "<https://evil.example/login|Slack login>", "<mailto:a@evil.example|mail>", "<!date^1392734382^{date}|x>",
            "&lt;!channel&gt;", "&lt;@U0BOSS&gt;", "&amp;lt;!here&amp;gt;", "&amp;", "&lt;", "&gt;", "&amp;amp;",
            "&#60;!channel&#62;", "&lt;#C1|x&gt;", "<!channel", "!channel>", "<<!here>>", "<@U1|<!channel>>", "<>", "<|>",
            "<!>",
            "```", "`````", "`", "``<!channel>``", "*bold*", "_it_", "~s~", ">quote", "\\", "\"", "\u201C", "\u201D", "|", "&",
            "<",
            ">", "@channel", "@here", "<@>", "<#>", "<@u123>", "<@U123", "<#C1" };
    private static final String[] UNICODE = { "\u202E", "\u202D", "\u2066", "\u2067", "\u2069", "\u200B", "\u200C", "\u200D",
            "\u2060", "\uFEFF", "e\u0301\u0301\u0301\u0301", "Z\u0336\u0337\u0338\u0335\u0334\u0333", "\uD83D\uDE00",
            "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDFA\uD83C\uDDF8", "\u0000", "\u0007", "\u001B[31m",
            "\t",
            "\n", "\r\n", "\u2028", "\u2029", "\u00A0", "\uFB01", "\u0130", "\u00DF", "\u2126", "\u2167", "\uFFFD", "\uFFFF",
            "\u0645\u0631\u062D\u0628\u0627", "\u05E9\u05DC\u05D5\u05DD", "\u4F60\u597D", "\uFF52\uFF55\uFF4E" };
    private static final byte[][] INVALID_UTF8 = { { (byte) 0xFF }, { (byte) 0xC0, (byte) 0xAF },
            { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xED, (byte) 0xBF, (byte) 0xBF },
            { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 }, { (byte) 0x80 },
            { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xFE, (byte) 0xFF } };
    private static final String[] ROUTEROS = { "/system identity print", "/ip address add address=10.0.0.1/24 interface=ether1",
            ":put \"x\"", "/system reboot", ":local a [/ip route get 0]", "; ", " ",
            "/ip firewall filter add chain=input action=drop",
            ":foreach i in=[/interface find] do={:put $i}" };
    private static final String[] REAL_SITES = { "core-rtr-01", "CORE-RTR-01", "\"Edge Router\"", "\u201CEdge Router\u201D",
            "\"edge router\"", SdxStubs.CORE_ID, SdxStubs.CORE_ID.toUpperCase(Locale.ROOT), "offline-rtr",
            "<http://x|core-rtr-01>",
            "&quot;Edge Router&quot;" };

    private static Command hostileCommand(Random random) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String description;
        int shape = random.nextInt(10);
        if (shape <= 1) {
            // The other commands, with hostile arguments: their private answers are escaped like the rest.
            String verb = pick(random, "help", "", "HELP", "queue", "Queue", "queue\u00A0core-rtr-01", "reboot", "freezes",
                    "freeze ", "unfreeze ", "audit ", "freeze core-* 1h ", "freeze all 2h ", "unfreeze all", "audit SDX-",
                    "sites", "sites ", "SITES core", "status ", "status SDX-", "pending", "pending ", "history ",
                    "history core-rtr-01 ", "history \"Edge Router\" ", "cancel ", "cancel SDX-", "queue core-rtr-01");
            text.writeBytes(utf8(verb));
            if (random.nextBoolean() || verb.endsWith(" ")) {
                text.writeBytes(hostileBytes(random, 1 + random.nextInt(6)));
            }
            description = "not a queue command: " + verb;
        } else {
            text.writeBytes(utf8(pick(random, "queue ", "QUEUE ", "  queue\t", "queue  ")));
            // Options before the site, with hostile reasons: shown on the approval message, escaped.
            if (random.nextInt(3) == 0) {
                String option = pick(random, "--reason ", "--emergency ", "--no-backup ", "--express ", "--no-ack ",
                        "--bogus ", "-- ");
                text.writeBytes(utf8(option));
                if (option.startsWith("--reason") || option.startsWith("--emergency")) {
                    boolean quoted = random.nextBoolean();
                    text.writeBytes(utf8(quoted ? "\"" : ""));
                    text.writeBytes(hostileBytes(random, 1 + random.nextInt(4)));
                    text.writeBytes(utf8(quoted ? "\" " : " "));
                }
            }
            boolean real = shape <= 6;
            String site;
            if (real) {
                site = pick(random, REAL_SITES);
                text.writeBytes(utf8(site));
            } else {
                byte[] name = random.nextInt(5) == 0
                        ? utf8(randomString(random, ALNUM + "<>&!@#|^`\"", 1_000 + random.nextInt(30_000)))
                        : hostileBytes(random, 1 + random.nextInt(5));
                boolean quoted = random.nextBoolean();
                if (quoted) {
                    text.writeBytes(utf8("\""));
                }
                text.writeBytes(name);
                if (quoted && random.nextInt(4) > 0) {
                    text.writeBytes(utf8("\""));
                }
                site = (quoted ? "quoted " : "") + "hostile site of " + name.length + " bytes";
            }
            text.writeBytes(utf8(pick(random, " ", "  ", "\t", " ")));
            int size = random.nextInt(10);
            byte[] script;
            if (size < 7) {
                script = hostileBytes(random, 1 + random.nextInt(12));
            } else {
                // Long scripts: near SDX's 2,000 characters (shown shortened) or beyond (refused).
                int target = size < 9 ? 1_200 + random.nextInt(790) : 2_001 + random.nextInt(20_000);
                ByteArrayOutputStream longScript = new ByteArrayOutputStream();
                while (new String(longScript.toByteArray(), StandardCharsets.UTF_8).codePointCount(0,
                        new String(longScript.toByteArray(), StandardCharsets.UTF_8).length()) < target) {
                    longScript.writeBytes(hostileBytes(random, 8));
                }
                script = trimToCodePoints(longScript.toByteArray(), target);
            }
            text.writeBytes(script);
            description = "queue on " + site + ", script of " + script.length + " bytes: "
                    + new String(script, 0, Math.min(script.length, 120), StandardCharsets.UTF_8);
        }
        return new Command(text.toByteArray(), description);
    }

    /** Hostile pieces of text: Slack markup and entity tricks, hostile unicode, invalid UTF-8, RouterOS. */
    private static byte[] hostileBytes(Random random, int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p = 0; p < pieces; p++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> out.writeBytes(utf8(pick(random, MARKUP)));
                case 2 -> out.writeBytes(utf8(pick(random, UNICODE)));
                case 3 -> out.writeBytes(pick(random, INVALID_UTF8));
                case 4 -> out.writeBytes(utf8(pick(random, ROUTEROS)));
                default -> out.writeBytes(utf8(randomString(random, ALNUM + "abcxyz -_/=:;.[]{}$", 1 + random.nextInt(12))));
            }
        }
        return out.toByteArray();
    }

    private static String hostileText(Random random, int pieces) {
        return new String(hostileBytes(random, pieces), StandardCharsets.UTF_8);
    }

    /** The longest prefix of {@code bytes} that decodes to at most {@code max} code points. */
    private static byte[] trimToCodePoints(byte[] bytes, int max) {
        int end = bytes.length;
        while (end > 0) {
            String decoded = new String(bytes, 0, end, StandardCharsets.UTF_8);
            if (decoded.codePointCount(0, decoded.length()) <= max) {
                return Arrays.copyOf(bytes, end);
            }
            end -= Math.max(1, (decoded.codePointCount(0, decoded.length()) - max) / 2);
        }
        return new byte[0];
    }

    /** One of the bodies Slack sends, or garbage, with one of three content types. */
    private static Body anySlackBody(Random random) {
        String channel = fuzzChannel(random);
        byte[] bytes;
        String kind;
        switch (random.nextInt(3)) {
            case 0 -> {
                bytes = ascii(commandForm(channel, fuzzUser(random), "T0NET",
                        "queue core-rtr-01 /system reboot".getBytes(StandardCharsets.UTF_8),
                        Fakes.slack().responseUrl("fuzz-sig")));
                kind = "slash command";
            }
            case 1 -> {
                bytes = utf8(SlackRequests.encode(unknownClick(random, channel, Fakes.slack().responseUrl("fuzz-sig")).form()));
                kind = "click";
            }
            default -> {
                bytes = randomBytes(random, random.nextInt(512));
                kind = "random bytes";
            }
        }
        String contentType = pick(random, FORM, FORM, FORM, "application/json", null);
        return new Body(bytes, contentType, kind + " as " + contentType);
    }

    private static Body garbageCallback(Random random) {
        String valid = "{\"job_id\":\"j-1\",\"status\":\"running\"}";
        String contentType = pick(random, "application/json", "application/json", "text/plain", null,
                "application/json; charset=utf-16");
        byte[] bytes;
        String what;
        switch (random.nextInt(12)) {
            case 0 -> {
                bytes = randomBytes(random, random.nextInt(2_000));
                what = "random bytes";
            }
            case 1 -> {
                bytes = utf8(
                        pick(random, "not json", "", " ", "status=running", "<status>running</status>", "{", "{\"status\":",
                                "{'status':'running'}", "{status:running}", "\uFEFF\uFEFF" + valid));
                what = "not JSON";
            }
            case 2 -> {
                bytes = utf8(pick(random, "[]", "[" + valid + "]", "[1,2]", "[\"running\"]"));
                what = "a JSON array";
            }
            case 3 -> {
                bytes = utf8(pick(random, "1", "true", "null", "\"running\"", "-0", "1e309"));
                what = "a JSON scalar";
            }
            case 4 -> {
                String garbage = pick(random, "}", "]", " {}", "x", "\"running\"", ",", "\u0000", valid, "null");
                bytes = utf8(valid + garbage);
                what = "trailing " + garbage;
            }
            case 5 -> {
                int depth = 16 + random.nextInt(6_000);
                bytes = utf8(
                        "{\"status\":\"running\",\"x\":" + (random.nextBoolean() ? deepArray(depth) : deepObject(depth)) + "}");
                what = "nested " + depth + " levels deep";
            }
            case 6 -> {
                int length = 64 * 1024 + random.nextInt(900_000);
                bytes = utf8("{\"status\":\"running\",\"pad\":\"" + randomString(random, ALNUM, length) + "\"}");
                what = "body over 64 KiB (" + bytes.length + " bytes)";
            }
            case 7 -> {
                String status = pick(random, "5", "true", "null", "[\"running\"]", "{\"name\":\"running\"}", "1.5", "{}");
                bytes = utf8(
                        random.nextInt(8) == 0 ? "{\"job_id\":\"j-1\"}" : "{\"job_id\":\"j-1\",\"status\":" + status + "}");
                what = "status of the wrong type or missing: " + status;
            }
            case 8 -> {
                String status = hostileStatus(random);
                bytes = utf8("{\"status\":" + TextNode.valueOf(status) + "}");
                what = "hostile status " + status;
            }
            case 9 -> {
                bytes = utf8(pick(random, "{\"status\":\"running\",\"status\":\"completed\"}",
                        "{\"status\":\"running\",\"job_id\":5}",
                        "{\"status\":\"running\",\"job_id\":\"<!channel>\"}",
                        "{\"status\":\"running\",\"job_id\":\"" + "a".repeat(65) + "\"}",
                        "{\"status\":\"running\",\"job_id\":\"\"}", "{\"status\":\"running\",\"job_id\":{}}"));
                what = "repeated status or a bad job_id";
            }
            case 10 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(utf8("{\"status\":\"running\",\"x\":\""));
                out.writeBytes(pick(random, INVALID_UTF8));
                out.writeBytes(utf8("\"}"));
                bytes = out.toByteArray();
                what = "invalid UTF-8 in a string";
            }
            default -> {
                int digits = 65 + random.nextInt(2_000);
                bytes = utf8("{\"status\":\"running\",\"n\":" + "9".repeat(digits) + "}");
                what = "a number of " + digits + " digits";
            }
        }
        return new Body(bytes, contentType, what + " as " + contentType);
    }

    /** A status that is never one short word: markup, control or invisible characters, too long, or empty. */
    private static String hostileStatus(Random random) {
        String status = pick(random, "<!channel>", "running<!here>", "\u202Erunning", "running\n", "", " ", "a".repeat(33),
                "<@U123>",
                "`", "completed\u0000", "\uD83D\uDE00", "&lt;!channel&gt;", "_running", "1running", "running;", "run\u200Bning",
                "\uFF52\uFF55\uFF4E", "running\t", "-", "completed*", "<http://evil|x>", "\uD800");
        return random.nextInt(4) == 0 ? status + hostileText(random, 1 + random.nextInt(3)) + "<" : status;
    }

    private static String notARequestId(Random random) {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        return pick(random, "", " ", "x", uuid.toUpperCase(Locale.ROOT), "{" + uuid + "}", uuid + "\n", uuid + " ", " " + uuid,
                uuid.replace("-", ""), "' OR 1=1 --", "../../etc/passwd", "<!channel>", "%00", "\u0000", hostileText(random, 3),
                randomString(random, ALNUM, 10_000 + random.nextInt(90_000)), "00000000-0000-0000-0000-00000000000g");
    }

    /** Moves a click on a real approval message somewhere else, in one or more ways; says how. */
    private static String foreignOrigin(Random random, SlackRequests.Click click) {
        List<String> how = new ArrayList<>();
        do {
            switch (random.nextInt(8)) {
                case 0 -> {
                    click.channelId = fuzzChannel(random);
                    how.add("channel");
                }
                case 7 -> {
                    // The Home tab has no message to match: only the organisation is checked, so forge it.
                    click.homeTab = true;
                    click.channelId = null;
                    click.messageTs = null;
                    click.teamId = "T" + randomString(random, ALNUM, 8);
                    click.userTeamId = click.teamId;
                    how.add("team's Home tab");
                }
                case 1 -> {
                    click.containerChannelId = fuzzChannel(random);
                    how.add("container channel");
                }
                case 2 -> {
                    click.channelId = fuzzChannel(random);
                    click.containerChannelId = click.channelId;
                    how.add("channel and container");
                }
                case 3 -> {
                    click.messageTs = "1600000000." + (100_000 + random.nextInt(900_000));
                    how.add("message ts");
                }
                case 4 -> {
                    click.containerMessageTs = "1600000000." + (100_000 + random.nextInt(900_000));
                    how.add("container ts");
                }
                case 5 -> {
                    click.teamId = "T" + randomString(random, ALNUM, 8);
                    click.userTeamId = random.nextBoolean() ? click.teamId : "T0NET";
                    click.enterpriseId = random.nextBoolean() ? null : "E" + randomString(random, ALNUM, 8);
                    how.add("team");
                }
                default -> {
                    click.channelId = null;
                    click.containerChannelId = null;
                    how.add("no channel at all");
                }
            }
        } while (random.nextInt(3) == 0);
        return "from another " + String.join(", ", how);
    }

    /**
     * The click's JSON with its value escaped as JSON requires: {@link SlackRequests.Click} quotes only {@code "} and
     * {@code \\}.
     */
    private static String json(SlackRequests.Click click) {
        String value = click.value;
        click.value = "placeholder";
        ObjectNode json = (ObjectNode) tree(click.json());
        click.value = value;
        ((ObjectNode) json.at("/actions/0")).put("value", value);
        return json.toString();
    }

    private static SlackRequests.Click unknownClick(Random random, String channel, String responseUrl) {
        return new SlackRequests.Click(channel, fuzzUser(random), random.nextBoolean() ? "sdx_approve" : "sdx_reject",
                new UUID(random.nextLong(), random.nextLong()).toString(), "1700000000." + (100_000 + random.nextInt(900_000)),
                responseUrl);
    }

    private static String badValue(Random random, String field) {
        return switch (field) {
            case "command" -> pick(random, "/other", "/SDX", "", "sdx", "/sdx ", "/sdx\u0000", "<!channel>");
            case "enterprise_id" -> pick(random, "x", "<!here>", "e0org", "E", "T0NET ", "E" + "0".repeat(40));
            default -> {
                String first = field.equals("user_id") ? "U" : field.equals("channel_id") ? "C" : "T";
                yield pick(random, "", "<!channel>", first.toLowerCase(Locale.ROOT) + "123", first, first + "12<@U1>",
                        first + "ABC\n",
                        first + "A".repeat(40), first + "-1", first + "ABC ", "<@U123>", "<#C123|x>",
                        first + "\uFF21\uFF22\uFF23");
            }
        };
    }

    /** A slash command form as Slack sends it; the text as raw bytes, so that invalid UTF-8 can be sent. */
    private static String commandForm(String channel, String user, String team, byte[] text, String responseUrl) {
        return "token=deprecated-verification-token&team_id=" + encode(team) + "&team_domain=netops&channel_id="
                + encode(channel)
                + "&channel_name=netops&user_id=" + encode(user) + "&user_name=someone&command=%2Fsdx&text="
                + percentEncode(text)
                + "&api_app_id=A0SDX&is_enterprise_install=false&response_url=" + encode(responseUrl)
                + "&trigger_id=13345224609.738474920.8088930838d88f008e0";
    }

    /** The form with {@code field} set to {@code value}, or left out when the value is null. */
    private static String withField(String form, String field, String value) {
        List<String> pairs = new ArrayList<>();
        boolean found = false;
        for (String pair : form.split("&")) {
            if (pair.startsWith(field + "=")) {
                found = true;
                if (value != null) {
                    pairs.add(field + "=" + encode(value));
                }
            } else {
                pairs.add(pair);
            }
        }
        if (!found && value != null) {
            pairs.add(field + "=" + encode(value));
        }
        return String.join("&", pairs);
    }

    private static FakeSlack.Message pendingRequest(Flow flow, String site, String script) {
        // The SDX call budget is shared with the commands before: a refusal for lack of it is retried.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String ack = flow.queue(site, script).then().statusCode(200).extract().jsonPath().getString("text");
            return ack.contains("sent for approval") || ack.contains("Checking site");
        });
        return flow.awaitApprovalMessage();
    }

    /** Fields of a click the bot reads that hold an object; {@code /actions} holds an array, the rest strings. */
    private static final Set<String> OBJECT_FIELDS = Set.of("/user", "/team", "/channel", "/container", "/message",
            "/enterprise",
            "/actions/0");

    /** A value of another JSON type than the field at {@code path} has, never null. */
    private static JsonNode wrongType(Random random, String path) {
        if (path.equals("/actions")) {
            return pick(random, NODES.objectNode().put("action_id", "sdx_approve"), NODES.textNode("sdx_approve"),
                    NODES.numberNode(0), NODES.booleanNode(true));
        }
        if (OBJECT_FIELDS.contains(path)) {
            return pick(random, NODES.numberNode(random.nextInt()), NODES.textNode("T0NET"),
                    NODES.arrayNode().add(NODES.objectNode().put("id", "U123")), NODES.booleanNode(false));
        }
        return pick(random, NODES.numberNode(random.nextLong()), NODES.booleanNode(random.nextBoolean()),
                NODES.arrayNode().add("U123"), NODES.objectNode().put("id", "U123"), NODES.numberNode(1.5));
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            throw new IllegalStateException("no parent for " + pointer + " in " + root);
        }
    }

    private static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
        if (parent instanceof ObjectNode object) {
            object.remove(pointer.substring(slash + 1));
        }
    }

    private static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static byte[] tamper(Random random, byte[] body) {
        if (body.length == 0) {
            return new byte[] { 'x' };
        }
        byte[] changed = body.clone();
        switch (random.nextInt(3)) {
            case 0 -> changed[random.nextInt(changed.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> {
                return Arrays.copyOf(body, body.length - 1);
            }
            default -> {
                byte[] longer = Arrays.copyOf(body, body.length + 1);
                longer[body.length] = '&';
                return longer;
            }
        }
        return changed;
    }

    private static String fuzzChannel(Random random) {
        return "CFZ" + randomString(random, ALNUM, 9);
    }

    private static String fuzzUser(Random random) {
        return "UFZ" + randomString(random, ALNUM, 7);
    }

    private static String responseId(Family family, int index) {
        return "fuzz-" + SEED + "-" + family.label() + "-" + index;
    }

    private static String responseUrl(Family family, int index) {
        return Fakes.slack().responseUrl(responseId(family, index));
    }

    private static Set<String> responseIds(Counts marks) {
        List<FakeSlack.Ephemeral> all = Fakes.slack().responses();
        return all.subList(marks.responses, all.size()).stream().map(FakeSlack.Ephemeral::id).collect(Collectors.toSet());
    }

    // ---------------------------------------------------------------------------------------------
    // Small helpers

    static long seed(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_SEED;
        }
        if (property.trim().equalsIgnoreCase("random")) {
            return new SecureRandom().nextLong();
        }
        return Long.parseLong(property.trim());
    }

    static int inputs(String property) {
        int inputs = property == null || property.isBlank() ? DEFAULT_INPUTS : Integer.parseInt(property.trim());
        if (inputs < 1) {
            throw new IllegalArgumentException("fuzz.inputs must be positive: " + property);
        }
        return inputs;
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static String randomString(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String printableAscii(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + random.nextInt(0x7E - 0x21)));
        }
        return out.toString();
    }

    private static String randomHex(Random random, int length) {
        return randomString(random, "0123456789abcdef", length);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String hmacHex(String secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Form-encodes raw bytes, valid UTF-8 or not, as a browser would encode their characters. */
    private static String percentEncode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '*') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** A path segment for any token: unreserved characters as they are, everything else percent-encoded. */
    private static String pathSegment(String token) {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(token)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode tree(String json) {
        return Flow.tree(json);
    }

    /** Every string in a JSON tree. */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        collectStrings(node, out);
        return out;
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, out));
    }

    /** The text of an ack: Bolt answers JSON with {@code text}, or nothing. */
    private static String ackText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            return strings(JSON.readTree(body)).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return body;
        }
    }

    private static String describe(List<FakeSlack.Call> calls) {
        return calls.stream().map(c -> c.method() + " " + printable(String.valueOf(c.params().get("channel"))) + " "
                + shortened(String.valueOf(c.params().get("text")))).collect(Collectors.joining("; "));
    }

    static String shortened(String text) {
        return text == null ? "null"
                : text.length() <= 300 ? printable(text) : printable(text.substring(0, 300)) + "…(" + text.length() + " chars)";
    }

    /** Readable in a failure message: controls and non-ASCII as \\uXXXX, long text cut. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        String cut = text.length() > 400 ? text.substring(0, 400) : text;
        for (char c : cut.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return text.length() > 400 ? out + "…(" + text.length() + " chars)" : out.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
