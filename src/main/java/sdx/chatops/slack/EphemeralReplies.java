package sdx.chatops.slack;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.Site;

/** Everything the bot says to one person only: usage, refusals and confirmations. */
public final class EphemeralReplies {

    private EphemeralReplies() {
    }

    public static String usage(String problem) {
        String usage = "*Usage*\n"
                + "• `/sdx queue &lt;site&gt; &lt;script&gt;`: ask to run a RouterOS script on a site. `&lt;site&gt;` is the SDX site"
                + " name (quote it if it has spaces: `\"Branch Office 1\"`) or its UUID. A second person from the"
                + " approvers must approve it before it is sent to SDX.\n"
                + "• `/sdx help`: this message.\n"
                + "Example: `/sdx queue core-rtr-01 /ip firewall address-list add list=blocked address=203.0.113.7`";
        return problem == null ? usage : ":warning: " + problem + "\n" + usage;
    }

    public static String sentForApproval(ChangeRequest r) {
        return ":outbox_tray: " + SlackText.escape(r.code()) + " sent for approval: script for " + ApprovalMessage.siteLabel(r)
                + ". An approver will see it in this channel.";
    }

    public static String stillChecking(String site) {
        return ":hourglass_flowing_sand: Checking site `" + SlackText.escape(site) + "` with SDX; I'll answer here shortly.";
    }

    public static String scriptTooLong(int length, int max) {
        return ":warning: The script is " + length + " characters; SDX accepts at most " + max
                + ". Split it into several requests.";
    }

    public static String unknownSite(String typed) {
        return ":warning: SDX has no site `" + SlackText.escape(typed) + "`. Use the site's SDX name or UUID"
                + " (names with spaces in quotes).";
    }

    public static String ambiguousSite(String typed, List<Site> candidates) {
        return ":warning: Several SDX sites are called `" + SlackText.escape(typed) + "`; use the UUID of the one you mean:\n"
                + candidates.stream().map(s -> "• " + SlackText.escape(s.name()) + ": " + SlackText.code(s.id()))
                        .collect(Collectors.joining("\n"));
    }

    public static String sdxUnavailable(String reason) {
        return ":warning: I could not check the site with SDX (" + SlackText.escape(reason)
                + "). Nothing was queued; try again in a minute.";
    }

    public static String approvalNotPosted(ChangeRequest r, String error) {
        return ":warning: I could not post the approval request for " + SlackText.escape(r.code()) + " in this channel ("
                + SlackText.code(error) + "), so it was cancelled and nothing was queued. In a private channel,"
                + " invite me first (`/invite @sdx-chatops`), then send the request again.";
    }

    public static String busy() {
        return ":warning: I'm handling too many requests right now. Nothing was queued; try again in a minute.";
    }

    public static String notSaved() {
        return ":warning: I could not save the request. Nothing was queued; try again in a minute.";
    }

    public static String selfApproval() {
        return ":no_entry: You asked for this change, so someone else must approve or reject it.";
    }

    public static String notAnApprover() {
        return ":no_entry: Only approvers (SDX_APPROVERS) can approve or reject change requests.";
    }

    public static String noApproversConfigured() {
        return ":no_entry: No approvers are configured (SDX_APPROVERS is empty), so nobody can approve. Ask the bot's operator.";
    }

    public static String membershipUnknown() {
        return ":warning: I could not read the approver groups from Slack, so I can't tell whether you may decide. Try again in a minute.";
    }

    public static String unknownRequest() {
        return ":warning: I have no record of this change request.";
    }

    public static String alreadyDecided(ChangeRequest r) {
        if (r.decidedBy() == null) {
            return ":information_source: " + SlackText.escape(r.code()) + " is no longer waiting for a decision ("
                    + r.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ").";
        }
        String how = r.state() == RequestState.REJECTED ? "rejected" : "approved";
        return ":information_source: " + SlackText.escape(r.code()) + " was already " + how + " by "
                + SlackText.user(r.decidedBy()) + ".";
    }

    /** A click on a button that is not on the request's own approval message. */
    public static String wrongMessage() {
        return ":no_entry: This button does not belong to that request, so nothing was changed. Use the buttons on"
                + " the request's own approval message.";
    }

    /** Handling a request failed in the bot itself. */
    public static String failed() {
        return ":warning: Something went wrong on my side, so nothing was changed. Try again in a minute; if it"
                + " keeps happening, tell the bot's operator.";
    }

    /** A click or submission whose content could not be understood. */
    public static String unreadable() {
        return ":warning: I could not read that request from Slack, so nothing was changed.";
    }
}
