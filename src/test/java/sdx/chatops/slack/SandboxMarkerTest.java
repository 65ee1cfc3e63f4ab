package sdx.chatops.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;

class SandboxMarkerTest {

    private static final List<LayoutBlock> BLOCKS = List.of(section(s -> s.text(markdownText("*Change request*"))));
    private final SandboxMarker sandbox = new SandboxMarker(true);
    private final SandboxMarker live = new SandboxMarker(false);

    @Test
    void sandboxTextStartsWithTheMarkerOnItsOwnLine() {
        assertThat(sandbox.text(":inbox_tray: *Queued in SDX*"))
                .isEqualTo(":test_tube: SANDBOX: nothing reaches a router\n:inbox_tray: *Queued in SDX*");
        assertThat(sandbox.text("")).isEqualTo(SandboxMarker.MARKER);
        assertThat(sandbox.text(null)).isEqualTo(SandboxMarker.MARKER);
    }

    @Test
    void sandboxBlocksStartWithAContextBlockShowingTheMarker() {
        List<LayoutBlock> marked = sandbox.blocks(BLOCKS);

        assertThat(marked).hasSize(2);
        assertThat(marked.get(0)).isInstanceOf(ContextBlock.class);
        assertThat(((MarkdownTextObject) ((ContextBlock) marked.get(0)).getElements().get(0)).getText())
                .isEqualTo(":test_tube: SANDBOX: nothing reaches a router");
        assertThat(marked.get(1)).isSameAs(BLOCKS.get(0));
        assertThat(BLOCKS).hasSize(1);
    }

    @Test
    void liveMessagesAreLeftAsTheyAre() {
        assertThat(live.text("hello")).isEqualTo("hello");
        assertThat(live.blocks(BLOCKS)).isSameAs(BLOCKS);
        assertThat(live.sandbox()).isFalse();
    }
}
