package sdx.chatops.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.slack.api.model.block.LayoutBlock;

import sdx.chatops.config.ChatopsConfig;

/**
 * In sandbox mode ({@code SDX_SANDBOX=true}) every message the bot sends to Slack says so, visibly:
 * a context block first in every message with blocks, and a first line in every text (fallback
 * texts, thread replies, pointers, acks, response_url answers). The one place that adds it: the
 * renderers know nothing of the sandbox, and the Slack calls ({@link SlackDelivery},
 * {@link SlackResponder}, the acks of {@link SdxSlashCommand} and {@link SlackEventsResource}) pass
 * what they send through here. Without the sandbox, everything passes unchanged.
 */
@ApplicationScoped
public class SandboxMarker {

    /** What a person sees on every message in sandbox mode. */
    public static final String MARKER = ":test_tube: SANDBOX: nothing reaches a router";

    private final boolean sandbox;

    @Inject
    public SandboxMarker(ChatopsConfig config) {
        this(config.sdx().sandbox());
    }

    SandboxMarker(boolean sandbox) {
        this.sandbox = sandbox;
    }

    public boolean sandbox() {
        return sandbox;
    }

    /** The text with the marker as its first line in sandbox mode. */
    public String text(String text) {
        if (!sandbox) {
            return text;
        }
        return text == null || text.isEmpty() ? MARKER : MARKER + "\n" + text;
    }

    /** The blocks with a context block carrying the marker first, in sandbox mode. */
    public List<LayoutBlock> blocks(List<LayoutBlock> blocks) {
        if (!sandbox) {
            return blocks;
        }
        List<LayoutBlock> marked = new ArrayList<>(blocks.size() + 1);
        marked.add(context(c -> c.blockId("sdx_sandbox").elements(List.of(markdownText(MARKER)))));
        marked.addAll(blocks);
        return marked;
    }
}
