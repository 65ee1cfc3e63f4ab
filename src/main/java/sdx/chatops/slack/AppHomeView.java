package sdx.chatops.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import java.util.ArrayList;
import java.util.List;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.Freeze;

/**
 * The bot's Home tab for one person: what waits for their approval (with Approve and Reject), their
 * recent requests and how they ended, and the active freezes. At most 100 blocks, as Slack allows.
 */
public final class AppHomeView {

    static final int MOST_WAITING = 20;
    static final int MOST_RECENT = 10;
    static final int MOST_FREEZES = 10;

    private AppHomeView() {
    }

    /** {@code notice}: what became of the person's last click here, or null. */
    public static View view(List<ChangeRequest> waiting, List<ChangeRequest> recent, List<Freeze> freezes, String notice) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (notice != null) {
            blocks.add(section(s -> s.text(markdownText(notice))));
        }
        blocks.add(header(h -> h.text(plainText("Waiting for your approval"))));
        if (waiting.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("Nothing is waiting for you.")))));
        }
        for (ChangeRequest r : waiting.subList(0, Math.min(waiting.size(), MOST_WAITING))) {
            blocks.add(section(s -> s.text(markdownText(summary(r) + "\n" + ApprovalMessage.progress(r)
                    + (r.expiresAt() == null ? "" : " · expires " + SlackText.time(r.expiresAt()))
                    + (r.warnings().isEmpty() ? "" : "\n:warning: " + SlackText.escape(String.join("; ", r.warnings())))))));
            blocks.add(actions(a -> a.blockId("home_" + r.id()).elements(List.of(
                    button(b -> b.actionId(ApprovalButtons.APPROVE).style("primary").value(r.id()).text(plainText("Approve"))),
                    button(b -> b.actionId(ApprovalButtons.REJECT).style("danger").value(r.id()).text(plainText("Reject")))))));
        }
        if (waiting.size() > MOST_WAITING) {
            blocks.add(context(c -> c.elements(List.of(markdownText("… and " + (waiting.size() - MOST_WAITING)
                    + " more: `/sdx pending` lists them all.")))));
        }
        blocks.add(divider());
        blocks.add(header(h -> h.text(plainText("Your recent requests"))));
        if (recent.isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText("You have not asked for a change yet: `/sdx` opens the"
                    + " form.")))));
        }
        for (ChangeRequest r : recent.subList(0, Math.min(recent.size(), MOST_RECENT))) {
            blocks.add(section(s -> s.text(markdownText(summary(r) + "\n" + CommandReplies.state(r.state())
                    + (r.jobStatus() == null ? "" : " · job " + SlackText.escape(r.jobStatus()))))));
        }
        blocks.add(divider());
        blocks.add(header(h -> h.text(plainText("Active change freezes"))));
        blocks.add(section(s -> s.text(markdownText(freezes.isEmpty() ? "None."
                : String.join("\n", freezes.subList(0, Math.min(freezes.size(), MOST_FREEZES)).stream()
                        .map(f -> "• " + (f.coversAll() ? "all sites" : SlackText.code(f.sites().text())) + " until "
                                + SlackText.time(f.endsAt()) + ": " + SlackText.escape(f.reason()))
                        .toList())))));
        return View.builder().type("home").blocks(blocks).build();
    }

    private static String summary(ChangeRequest r) {
        return "*" + CommandReplies.link(r, SlackText.escape(r.code())) + "* on " + SlackText.escape(r.site().name()) + " from "
                + SlackText.user(r.requesterId()) + (r.isEmergency() ? " · *EMERGENCY*" : "")
                + (r.reason() == null ? "" : " · " + SlackText.escape(r.reason()));
    }
}
