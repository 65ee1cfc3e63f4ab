package sdx.chatops.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** What a person sees of the sandbox on each message the bot posts. */
public final class SandboxMessages {

    /** The visible marker, exactly as a person reads it. */
    public static final String MARKER = ":test_tube: SANDBOX: nothing reaches a router";

    private SandboxMessages() {
    }

    /** The message's text starts with the marker and, when it has blocks, its first block is the marker. */
    public static void assertMarked(FakeSlack.Message message) {
        assertThat(message.text).as("text of %s", message.ts).startsWith(MARKER);
        if (message.blocks != null) {
            JsonNode first = Flow.tree(message.blocks).get(0);
            assertThat(first.path("type").asText()).as("first block of %s", message.ts).isEqualTo("context");
            assertThat(first.path("elements").get(0).path("text").asText()).isEqualTo(MARKER);
        }
    }

    /**
     * Every message in the channel (threads included), every ephemeral answer sent to its response_urls, and
     * at least one of each: nothing the bot sent there lacks the marker.
     */
    public static void assertEverythingMarked(Flow flow) {
        var messages = Fakes.slack().allMessages().stream().filter(m -> m.channel.equals(flow.channel)).toList();
        assertThat(messages).isNotEmpty().allSatisfy(SandboxMessages::assertMarked);
        assertThat(flow.ephemeralTexts()).allSatisfy(text -> assertThat(text).startsWith(MARKER));
    }
}
