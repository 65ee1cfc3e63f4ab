package sdx.chatops.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.externalSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.Views;

import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.Site;

/**
 * The request modal for real, multi-line scripts: a site picker served from SDX's site list, the
 * script, a reason or ticket, and the job's options. The channel the command came from travels in
 * {@code private_metadata}, since a modal has none of its own.
 */
public final class RequestModal {

    public static final String CALLBACK_ID = "sdx_request";
    public static final String SITE = "site";
    public static final String SCRIPT = "script";
    public static final String REASON = "reason";
    public static final String OPTIONS = "options";
    static final String MAKE_BACKUP = "make_backup";
    static final String EXPRESS = "express_execute";
    static final String ACKNOWLEDGE = "needs_acknowledgement";
    /** Most options Slack takes for an external select. */
    static final int MOST_OPTIONS = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the modal was opened from, carried through Slack in {@code private_metadata}. */
    public record Origin(String teamId, String enterpriseId, String channelId, String channelName) {
    }

    /** What was submitted, read from the view's state. */
    public record Submitted(String siteId, String script, String reason, JobOptions options) {
    }

    private RequestModal() {
    }

    /** The modal; {@code site} preselects the site the command named, if it was found. */
    public static View view(Origin origin, Site site, JobOptions defaults, int maxScriptLength) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(input(i -> i.blockId(SITE).label(plainText("Site")).element(externalSelect(e -> {
            e.actionId(SITE).minQueryLength(0).placeholder(plainText("Type part of an SDX site name"));
            if (site != null) {
                e.initialOption(option(site));
            }
            return e;
        }))));
        blocks.add(input(i -> i.blockId(SCRIPT).label(plainText("RouterOS script")).element(plainTextInput(p -> p
                .actionId(SCRIPT).multiline(true).maxLength(maxScriptLength)
                .placeholder(plainText("/ip firewall address-list add list=blocked address=203.0.113.7"))))));
        blocks.add(input(i -> i.blockId(REASON).optional(true).label(plainText("Reason or ticket"))
                .hint(plainText("Shown to the approvers and in SDX's log. Some sites' rules require one."))
                .element(plainTextInput(p -> p.actionId(REASON).maxLength(300)))));
        List<OptionObject> choices = List.of(choice(MAKE_BACKUP, "Back up the configuration first (make_backup)"),
                choice(EXPRESS, "Ask for a faster check-in (express_execute)"),
                choice(ACKNOWLEDGE, "Wait for the router's acknowledgement (needs_acknowledgement)"));
        List<OptionObject> checked = new ArrayList<>();
        if (defaults.makeBackup()) {
            checked.add(choices.get(0));
        }
        if (defaults.expressExecute()) {
            checked.add(choices.get(1));
        }
        if (defaults.needsAcknowledgement()) {
            checked.add(choices.get(2));
        }
        blocks.add(input(i -> i.blockId(OPTIONS).optional(true).label(plainText("Job options")).element(checkboxes(c -> {
            c.actionId(OPTIONS).options(choices);
            if (!checked.isEmpty()) {
                c.initialOptions(checked);
            }
            return c;
        }))));
        blocks.add(context(c -> c.elements(List.of(markdownText("Approvers other than you must approve before anything is"
                + " sent to SDX. A rule may force a backup whatever is ticked here.")))));
        return View.builder().type("modal").callbackId(CALLBACK_ID)
                .title(Views.viewTitle(t -> t.type("plain_text").text("Change a router")))
                .submit(Views.viewSubmit(t -> t.type("plain_text").text("Ask for approval")))
                .close(Views.viewClose(t -> t.type("plain_text").text("Cancel"))).privateMetadata(metadata(origin))
                .blocks(blocks).build();
    }

    /** One site as an option of the picker (preselected): its name, whether it is online, and its version. */
    public static OptionObject option(Site site) {
        return OptionObject.builder().text(plainText(label(site))).value(site.id()).build();
    }

    /** One site as an option served to the picker by the suggestion endpoint. */
    public static Option suggestion(Site site) {
        return Option.builder().text(plainText(label(site))).value(site.id()).build();
    }

    /** Plain text (options never render mrkdwn), at most Slack's 75 characters. */
    private static String label(Site site) {
        String label = site.name() + " · " + (site.hasPulse() ? "online" : "offline")
                + (site.softwareVersion() == null ? "" : " · " + site.softwareVersion());
        return label.length() > 75 ? label.substring(0, 74) + "…" : label;
    }

    private static OptionObject choice(String value, String text) {
        return OptionObject.builder().text(plainText(text)).value(value).build();
    }

    static String metadata(Origin origin) {
        try {
            return JSON.writeValueAsString(Map.of("team", nullToEmpty(origin.teamId()), "enterprise",
                    nullToEmpty(origin.enterpriseId()), "channel", origin.channelId(), "channel_name",
                    nullToEmpty(origin.channelName())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The origin from {@code private_metadata}, or null when it is not what the bot wrote. */
    public static Origin origin(String metadata) {
        try {
            JsonNode node = JSON.readTree(metadata == null ? "" : metadata);
            String channel = node.path("channel").asText("");
            if (!SlackText.isChannelId(channel)) {
                return null;
            }
            String team = node.path("team").asText("");
            String enterprise = node.path("enterprise").asText("");
            return new Origin(SlackText.isTeamId(team) ? team : null, SlackText.isTeamId(enterprise) ? enterprise : null,
                    channel, node.path("channel_name").asText(""));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static Submitted submitted(Map<String, Map<String, ViewState.Value>> values) {
        ViewState.Value site = value(values, SITE);
        ViewState.Value script = value(values, SCRIPT);
        ViewState.Value reason = value(values, REASON);
        ViewState.Value options = value(values, OPTIONS);
        List<String> ticked = options == null || options.getSelectedOptions() == null ? List.of()
                : options.getSelectedOptions().stream().map(ViewState.SelectedOption::getValue).toList();
        return new Submitted(site == null || site.getSelectedOption() == null ? null : site.getSelectedOption().getValue(),
                script == null ? null : script.getValue(), reason == null ? null : reason.getValue(),
                new JobOptions(ticked.contains(MAKE_BACKUP), ticked.contains(EXPRESS), ticked.contains(ACKNOWLEDGE)));
    }

    private static ViewState.Value value(Map<String, Map<String, ViewState.Value>> values, String block) {
        Map<String, ViewState.Value> actions = values == null ? null : values.get(block);
        return actions == null ? null : actions.get(block);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
