package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.block.LayoutBlock;

import okhttp3.FormBody;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.Site;
import sdx.chatops.testing.ChangeRequests;
import sdx.chatops.testing.FakeSlack;

/**
 * The JSON body of chat.postMessage and chat.update carries what the SDK's form carries, with the
 * SDK's own form builder as the oracle: the same fields, the same values, the blocks as the same
 * JSON text. Over seeded requests like the ones the bot sends (approval messages of hostile
 * requests, pointers, thread replies) and with the SDK's other settable fields mixed in.
 */
class ChatJsonBodyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] HOSTILE = { "plain", "quote \" and backslash \\", "<!channel> <@U1> &amp; <http://x|y>",
            "tab\tnew\nline\r", "emoji 🛠️ and ünïcödé", "\u0000\u001f\u2028\u2029", "`code` *bold* _it_ ~s~", "" };

    private static String any(Random random) {
        return HOSTILE[random.nextInt(HOSTILE.length)] + (random.nextBoolean() ? "" : " " + random.nextInt(1000));
    }

    private static List<LayoutBlock> approvalBlocks(Random random) {
        ChangeRequests r = random.nextBoolean() ? ChangeRequests.pending()
                : ChangeRequests.decided(RequestState.values()[random.nextInt(RequestState.values().length)], "UDECIDER");
        r.script = any(random) + "\n/ip address add address=" + any(random);
        r.requesterName = any(random);
        r.site = new Site(ChangeRequests.SITE_ID, any(random), random.nextBoolean());
        return ApprovalMessage.blocks(r.build());
    }

    private static Map<String, String> form(FormBody form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < form.size(); i++) {
            fields.put(form.name(i), form.value(i));
        }
        return fields;
    }

    private static ChatPostMessageRequest post(Random random) {
        var b = ChatPostMessageRequest.builder().channel("C" + random.nextInt(99999)).text(any(random));
        switch (random.nextInt(3)) {
            case 0 -> b.blocks(approvalBlocks(random));
            case 1 -> b.threadTs("1712345678." + random.nextInt(999999));
            default -> {
            }
        }
        if (random.nextInt(4) == 0) {
            b.linkNames(random.nextBoolean()).mrkdwn(random.nextBoolean()).unfurlLinks(random.nextBoolean())
                    .unfurlMedia(random.nextBoolean()).replyBroadcast(random.nextBoolean()).asUser(random.nextBoolean())
                    .username(any(random)).iconEmoji(":robot_face:").iconUrl("https://example.test/i.png").parse("none")
                    .markdownText(random.nextBoolean() ? null : any(random));
        }
        return b.build();
    }

    private static ChatUpdateRequest update(Random random) {
        var b = ChatUpdateRequest.builder().channel("C" + random.nextInt(99999)).ts("1712345678." + random.nextInt(999999))
                .text(any(random));
        if (random.nextBoolean()) {
            b.blocks(approvalBlocks(random));
        }
        if (random.nextInt(4) == 0) {
            b.linkNames(random.nextBoolean()).asUser(random.nextBoolean()).replyBroadcast(random.nextBoolean()).parse("full");
        }
        return b.build();
    }

    @Test
    void aPostMessageBodyCarriesWhatTheSdksFormWould() throws Exception {
        Random random = new Random(20261201);
        int withBlocks = 0;
        for (int i = 0; i < 1500; i++) {
            ChatPostMessageRequest req = post(random);
            assertThat(ChatJsonBody.covers(req)).isTrue();
            String json = ChatJsonBody.of(req);
            JsonNode tree = MAPPER.readTree(json);
            assertThat(tree.isObject()).as(json).isTrue();
            assertThat(tree.get("text").asText()).isEqualTo(req.getText());
            assertThat(FakeSlack.json(json)).as(json).isEqualTo(form(RequestFormBuilder.toForm(req).build()));
            if (req.getBlocks() != null) {
                withBlocks++;
                assertThat(tree.get("blocks").isArray()).isTrue();
            }
        }
        assertThat(withBlocks).isGreaterThan(300);
    }

    @Test
    void anUpdateBodyCarriesWhatTheSdksFormWould() throws Exception {
        Random random = new Random(12345);
        for (int i = 0; i < 1000; i++) {
            ChatUpdateRequest req = update(random);
            assertThat(ChatJsonBody.covers(req)).isTrue();
            String json = ChatJsonBody.of(req);
            assertThat(MAPPER.readTree(json).get("ts").asText()).isEqualTo(req.getTs());
            assertThat(FakeSlack.json(json)).as(json).isEqualTo(form(RequestFormBuilder.toForm(req).build()));
        }
    }

    @Test
    void theBotsClientPostsAndUpdatesAsJsonOverHttpAndReadsSlacksAnswers() throws Exception {
        try (FakeSlack slack = new FakeSlack()) {
            SharedGsonMethodsClient client = new SharedGsonMethodsClient(Slack.getInstance().getHttpClient(),
                    FakeSlack.BOT_TOKEN, slack.apiUrl());
            List<LayoutBlock> blocks = approvalBlocks(new Random(7));
            ChatPostMessageRequest post = ChatPostMessageRequest.builder().channel("CJSON").text("t <&> \"q\"").blocks(blocks)
                    .build();

            ChatPostMessageResponse posted = client.chatPostMessage(post);

            assertThat(posted.isOk()).isTrue();
            FakeSlack.Message message = slack.channel("CJSON").get(0);
            assertThat(posted.getTs()).isEqualTo(message.ts);
            assertThat(message.text).isEqualTo("t <&> \"q\"");
            assertThat(message.blocks).isEqualTo(form(RequestFormBuilder.toForm(post).build()).get("blocks"));
            assertThat(slack.calls("chat.postMessage").get(0).authorization()).isEqualTo("Bearer " + FakeSlack.BOT_TOKEN);

            ChatUpdateResponse updated = client.chatUpdate(r -> r.channel("CJSON").ts(posted.getTs()).text("edited"));
            assertThat(updated.isOk()).isTrue();
            assertThat(slack.channel("CJSON").get(0).text).isEqualTo("edited");
            assertThat(slack.channel("CJSON").get(0).blocks).as("an update without blocks keeps them")
                    .isEqualTo(message.blocks);

            ChatPostMessageResponse refused = client.chatPostMessage(r -> r.channel("CGONE1").text("x"));
            assertThat(refused.isOk()).isFalse();
            assertThat(refused.getError()).isEqualTo("channel_not_found");

            slack.fail("chat.postMessage", 1, 503, "down", Map.of());
            assertThatThrownBy(() -> client.chatPostMessage(r -> r.channel("CJSON").text("x")))
                    .isInstanceOfSatisfying(SlackApiException.class, e -> assertThat(e.getResponse().code()).isEqualTo(503));
        }
    }

    @Test
    void requestsWithMetadataAttachmentsFilesOrBlocksAsTextAreLeftToTheForm() {
        assertThat(ChatJsonBody.covers(ChatPostMessageRequest.builder().channel("C1").text("t").metadataAsString("{}").build()))
                .isFalse();
        assertThat(ChatJsonBody.covers(ChatPostMessageRequest.builder().channel("C1").text("t").attachments(List.of()).build()))
                .isFalse();
        assertThat(ChatJsonBody.covers(ChatPostMessageRequest.builder().channel("C1").blocksAsString("[]").build())).isFalse();
        assertThat(ChatJsonBody.covers(ChatUpdateRequest.builder().channel("C1").ts("1.2").fileIds(List.of("F1")).build()))
                .isFalse();
        assertThat(ChatJsonBody.covers(ChatUpdateRequest.builder().channel("C1").ts("1.2").blocksAsString("[]").build()))
                .isFalse();
    }
}
