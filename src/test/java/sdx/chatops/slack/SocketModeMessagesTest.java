package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;

/** Reading Socket Mode messages: envelopes pass the same shape checks as HTTP bodies, and Bolt sees what was checked. */
class SocketModeMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMAND = "{\"token\":\"t\",\"team_id\":\"T0NET\",\"channel_id\":\"C0NETOPS\",\"channel_name\":"
            + "\"netops\",\"user_id\":\"UREQUESTER\",\"command\":\"/sdx\",\"text\":\"queue core-rtr-01 /system identity print\","
            + "\"response_url\":\"https://hooks.slack.com/commands/T0NET/1/abc\",\"trigger_id\":\"1.2.3\","
            + "\"is_enterprise_install\":\"false\"}";
    private static final String CLICK = "{\"type\":\"block_actions\",\"user\":{\"id\":\"UAPPROVER1\",\"team_id\":\"T0NET\"},"
            + "\"team\":{\"id\":\"T0NET\"},\"channel\":{\"id\":\"C0NETOPS\"},\"container\":{\"type\":\"message\","
            + "\"message_ts\":\"1700000000.000001\",\"channel_id\":\"C0NETOPS\"},\"message\":{\"ts\":\"1700000000.000001\"},"
            + "\"response_url\":\"https://hooks.slack.com/actions/T0NET/1/abc\",\"actions\":[{\"action_id\":\"sdx_approve\","
            + "\"block_id\":\"sdx_decision\",\"value\":\"9a7c1d2e-0000-4000-8000-000000000001\",\"type\":\"button\"}]}";

    private static final String HOME_OPENED = "{\"token\":\"x\",\"team_id\":\"T0NET\",\"api_app_id\":\"A0SDX\","
            + "\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event_time\":1700000000,\"event\":{\"type\":"
            + "\"app_home_opened\",\"user\":\"UREQUESTER\",\"channel\":\"D0HOME\",\"tab\":\"home\","
            + "\"event_ts\":\"1700000000.000100\"}}";

    private static String envelope(String type, String payload) {
        return "{\"envelope_id\":\"3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1\",\"type\":\"" + type + "\",\"payload\":" + payload
                + ",\"accepts_response_payload\":true,\"retry_attempt\":0,\"retry_reason\":\"\"}";
    }

    private static SocketModeMessages.Message read(String message) {
        return SocketModeMessages.read(message);
    }

    private static String refusal(String message) {
        assertThat(read(message)).isInstanceOf(SocketModeMessages.Refused.class);
        return ((SocketModeMessages.Refused) read(message)).reason();
    }

    @Test
    void helloAndDisconnectAreRecognised() {
        assertThat(read("{\"type\":\"hello\",\"num_connections\":2,\"connection_info\":{\"app_id\":\"A0SDX\"}}"))
                .isEqualTo(new SocketModeMessages.Hello(2, "A0SDX"));
        assertThat(read("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\"}"))
                .isEqualTo(new SocketModeMessages.Disconnect("refresh_requested"));
        assertThat(read("{\"type\":\"disconnect\",\"reason\":\"<@channel>\"}"))
                .isEqualTo(new SocketModeMessages.Disconnect("unknown"));
    }

    @Test
    void slashCommandEnvelopeIsAcceptedAndHandedToBoltAsStrings() throws Exception {
        String numeric = COMMAND.replace("\"is_enterprise_install\":\"false\"", "\"is_enterprise_install\":false,\"n\":7");

        var message = read(envelope("slash_commands", numeric));

        assertThat(message).isInstanceOf(SocketModeMessages.Envelope.class);
        var envelope = (SocketModeMessages.Envelope) message;
        assertThat(envelope.id()).isEqualTo("3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1");
        assertThat(envelope.acceptsResponsePayload()).isTrue();
        JsonNode bolt = JSON.readTree(envelope.forBolt());
        assertThat(bolt.path("type").asText()).isEqualTo("slash_commands");
        assertThat(bolt.path("payload").path("is_enterprise_install").isTextual()).isTrue();
        assertThat(bolt.path("payload").path("n").asText()).isEqualTo("7");
        assertThat(bolt.path("payload").path("text").asText()).isEqualTo("queue core-rtr-01 /system identity print");
    }

    @Test
    void clickEnvelopeIsAccepted() {
        assertThat(read(envelope("interactive", CLICK))).isInstanceOf(SocketModeMessages.Envelope.class);
    }

    @Test
    void envelopesFailTheSameShapeChecksAsHttpBodies() {
        assertThat(refusal(envelope("slash_commands", COMMAND.replace("/sdx", "/other"))))
                .isEqualTo("a slash command this bot does not have");
        assertThat(refusal(envelope("slash_commands", COMMAND.replace("UREQUESTER", "urequester"))))
                .isEqualTo("slash command without a valid user_id");
        assertThat(refusal(envelope("slash_commands", COMMAND.replace("\"C0NETOPS\"", "[\"C0NETOPS\"]"))))
                .isEqualTo("slash command whose field channel_id is not a string");
        assertThat(refusal(envelope("interactive", CLICK.replace("sdx_approve", "sdx_other"))))
                .isEqualTo("click on a button this bot does not have");
        assertThat(refusal(envelope("interactive", CLICK.replace("\"team\":{\"id\":\"T0NET\"},", ""))))
                .isEqualTo("click without team");
        assertThat(refusal(envelope("interactive", CLICK.replace("\"actions\":[", "\"actions\":[7,"))))
                .isEqualTo("click without actions");
    }

    @Test
    void anInteractionCarryingACommandIsRefusedBecauseBoltWouldReadItAsOne() {
        assertThat(refusal(envelope("interactive", CLICK.replaceFirst("\\{", "{\"command\":\"/sdx\","))))
                .isEqualTo("an interaction that carries a command field");
    }

    @Test
    void refusedEnvelopesKeepTheirIdForTheAcknowledgement() {
        var refused = (SocketModeMessages.Refused) read(envelope("events_api", "{\"type\":\"event_callback\"}"));
        assertThat(refused.envelopeId()).isEqualTo("3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1");
        assertThat(refused.reason()).isEqualTo("event delivery without its event");

        var duplicated = (SocketModeMessages.Refused) read(envelope("slash_commands",
                COMMAND.replace("\"user_id\":", "\"user_id\":\"U0OTHER\",\"user_id\":")));
        assertThat(duplicated.envelopeId()).isEqualTo("3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1");
        assertThat(duplicated.reason()).isEqualTo("a Socket Mode message with a duplicated key");

        var trailing = (SocketModeMessages.Refused) read(envelope("slash_commands", COMMAND) + " trailing");
        assertThat(trailing.envelopeId()).isEqualTo("3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1");
        assertThat(trailing.reason()).isEqualTo("a Socket Mode message that is not one JSON object");
    }

    @Test
    void messagesThatCannotBeAcknowledgedHaveNoId() {
        for (String message : new String[] { "not json", "[1,2]", "{\"type\":\"slash_commands\",\"payload\":" + COMMAND + "}",
                envelope("slash_commands", COMMAND).replace("3c1b4c32-0e5f-4cf9-8e2a-b1d1b8b2f6a1", "\\\"},\\\"x") }) {
            assertThat(read(message)).as(message).isInstanceOfSatisfying(SocketModeMessages.Refused.class,
                    refused -> assertThat(refused.envelopeId()).isNull());
        }
    }

    @Test
    void envelopeFieldsOfTheWrongTypeAreRefused() {
        assertThat(refusal(envelope("slash_commands", "\"queue\""))).isEqualTo("an envelope without a payload object");
        assertThat(refusal(envelope("slash_commands", COMMAND).replace("\"retry_attempt\":0", "\"retry_attempt\":\"0\"")))
                .isEqualTo("an envelope whose retry_attempt is not a small whole number");
        assertThat(refusal(envelope("slash_commands", COMMAND).replace("\"accepts_response_payload\":true",
                "\"accepts_response_payload\":\"yes\"")))
                        .isEqualTo("an envelope whose accepts_response_payload is not a boolean");
        assertThat(refusal("{\"envelope_id\":\"e1\",\"payload\":{}}")).isEqualTo("an envelope without a type");
        assertThat(refusal(envelope("block_suggestion", "{}"))).isEqualTo("an envelope of a type the bot does not handle");
    }

    /**
     * Seeded mutations of valid envelopes (a character dropped, inserted or replaced, a value's type
     * changed): reading never throws, and whatever passes is read by Bolt's own Socket Mode parser as the
     * request type the checks expected, or refused by it with an exception that SlackSocketMode turns into
     * an acknowledgement without effect; never read as something else.
     */
    @Test
    void mutatedEnvelopesNeverThrowAndWhatPassesBoltReadsAsChecked() throws Exception {
        Random random = new Random(20261201L);
        SocketModeRequestParser bolt = new SocketModeRequestParser(AppConfig.builder().build());
        String[] valid = { envelope("slash_commands", COMMAND), envelope("interactive", CLICK),
                envelope("events_api", HOME_OPENED) };
        String alphabet = "{}[]\",:0123456789abcdefxyz_-/\\ \u0000\u00e9\ud83d";
        String[] swaps = { "\"x\"", "7", "true", "null", "{}", "[]", "\"\"" };
        int accepted = 0;
        int boltRefused = 0;
        for (int i = 0; i < 4_500; i++) {
            StringBuilder m = new StringBuilder(valid[random.nextInt(valid.length)]);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(m.length());
                switch (random.nextInt(4)) {
                    case 0 -> m.deleteCharAt(at);
                    case 1 -> m.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> m.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> {
                        int colon = m.indexOf("\":", at);
                        if (colon > 0) {
                            int end = colon + 2;
                            int stop = end;
                            if (stop < m.length() && m.charAt(stop) == '"') {
                                stop = m.indexOf("\"", stop + 1) + 1;
                            } else {
                                while (stop < m.length() && ",}]".indexOf(m.charAt(stop)) < 0) {
                                    stop++;
                                }
                            }
                            if (stop > end) {
                                m.replace(end, stop, swaps[random.nextInt(swaps.length)]);
                            }
                        }
                    }
                }
            }
            String message = m.toString();
            SocketModeMessages.Message read = SocketModeMessages.read(message);
            assertThat(read).as("input %d: %s", i, message).isNotNull();
            if (read instanceof SocketModeMessages.Envelope envelope) {
                accepted++;
                SocketModeRequest request;
                try {
                    request = bolt.parse(envelope.forBolt());
                } catch (RuntimeException e) {
                    // A field the handlers never read, of a type Gson cannot map (e.g. actions[0].type an
                    // object): SlackSocketMode acknowledges it without effect and logs one line, as the
                    // HTTP path answers 400.
                    boltRefused++;
                    continue;
                }
                assertThat(request).as("input %d: %s", i, message).isNotNull();
                assertThat(request.getBoltRequest().getRequestType().name()).as("input %d: %s", i, message)
                        .isEqualTo(switch (envelope.type()) {
                            case "slash_commands" -> "Command";
                            case "events_api" -> "Event";
                            default -> "BlockAction";
                        });
            }
        }
        // The mutations are small: some inputs still pass, and those are the interesting ones.
        assertThat(accepted).isGreaterThan(100);
        assertThat(boltRefused).isLessThan(accepted / 2);
    }

    @Test
    void oversizedMessagesAreRefusedUnread() {
        String big = envelope("slash_commands", COMMAND.replace("queue", "queue " + "x".repeat(SocketModeMessages.MAX_LENGTH)));
        assertThat(refusal(big)).contains("over");
    }
}
