package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.response.Response;

/** The private answer to a slash command is what Bolt's {@code ctx.ack(text)} would have sent. */
class CommandAckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAckCarriesTheTextAsBoltsOwnAckDoesForAnyText() throws Exception {
        Random random = new Random(7L);
        String[] pieces = { "Request *ABC123* is waiting", "<@U123>", "&lt;", "\"", "\\", "\n", "\t", "\u0000", "\u001f",
                "\u2028", "é", "✓", "😀", "</script>", "'", "=", "{\"text\":1}" };
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(6); n > 0; n--) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : pieces[random.nextInt(pieces.length)]);
            }
            Response ours = CommandAck.text(text.toString());
            Response bolts = new SlashCommandContext().ack(text.toString());

            assertThat(JSON.readTree(ours.getBody())).as(text.toString()).isEqualTo(JSON.readTree(bolts.getBody()));
            assertThat(JSON.readTree(ours.getBody()).get("text").asText()).isEqualTo(text.toString());
            assertThat(ours.getStatusCode()).isEqualTo(bolts.getStatusCode());
            assertThat(ours.getContentType()).isEqualTo(bolts.getContentType());
            assertThat(ours.getHeaders()).isEqualTo(bolts.getHeaders());
        }
    }
}
