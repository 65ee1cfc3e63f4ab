package sdx.chatops.slack;

import java.util.List;
import java.util.stream.Collectors;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.ScriptPreflight;
import sdx.chatops.approval.Site;

/** Everything the bot says to one person only: usage, refusals and confirmations. */
public final class EphemeralReplies {

    private EphemeralReplies() {
    }

    public static String usage(String problem) {
        String usage = "*Usage*\n"
                + "• `/sdx queue [options] &lt;site&gt; &lt;script&gt;`: ask to run a RouterOS script on a site. `&lt;site&gt;`"
                + " is the SDX site name (quote it if it has spaces: `\"Branch Office 1\"`) or its UUID. Approvers other"
                + " than you must approve it before it is sent to SDX. Options, before the site:"
                + " `--reason \"CHG-1234: why\"` (shown to approvers and in SDX),"
                + " `--no-backup` (no configuration backup first, unless the policy forces one),"
                + " `--express` (ask SDX for a faster check-in), `--no-ack` (do not wait for the router's acknowledgement),"
                + " `--emergency \"why it cannot wait\"` (break-glass: passes a change freeze, needs one approval more,"
                + " marked EMERGENCY everywhere).\n"
                + "• `/sdx sites [filter] [--page n]`: the sites, online or not, their RouterOS version and the rule for"
                + " this channel.\n"
                + "• `/sdx status &lt;code&gt;`: where a request stands: approvals, SDX ids, the job's statuses.\n"
                + "• `/sdx pending`: what waits for your approval.\n"
                + "• `/sdx history &lt;site&gt; [n]`: the last n requests on a site (10 unless you say).\n"
                + "• `/sdx cancel &lt;code&gt;`: withdraw a pending request, or cancel a job SDX has not started.\n"
                + "• `/sdx audit &lt;code&gt;`: the audit trail of a request (its requester, approvers and admins).\n"
                + "• `/sdx freezes`: the active change freezes.\n"
                + "• `/sdx freeze &lt;site-glob|all&gt; &lt;duration&gt; &lt;reason&gt;` and `/sdx unfreeze &lt;number|all&gt;`:"
                + " start or lift a change freeze (admins only), e.g. `/sdx freeze core-* 4h maintenance window`.\n"
                + "• `/sdx help`: this message.\n"
                + "Example: `/sdx queue core-rtr-01 /ip firewall address-list add list=blocked address=203.0.113.7`";
        return problem == null ? usage : ":warning: " + problem + "\n" + usage;
    }

    public static String sentForApproval(ChangeRequest r) {
        return ":outbox_tray: " + SlackText.escape(r.code()) + " sent for approval: script for " + ApprovalMessage.siteLabel(r)
                + ". An approver will see it in this channel.";
    }

    public static String working() {
        return ":hourglass_flowing_sand: Working on it; I'll answer here shortly.";
    }

    public static String stillChecking(String site) {
        return ":hourglass_flowing_sand: Checking site `" + SlackText.escape(site) + "` with SDX; I'll answer here shortly.";
    }

    public static String scriptTooLong(int length, int max) {
        return ":warning: The script is " + length + " characters; SDX accepts at most " + max
                + ". Split it into several requests.";
    }

    /**
     * The pre-flight check's errors, each with where it is: {@code line 2, column 14: `[` is never closed}.
     * The sentences quote the script, so they are escaped like any text from outside.
     */
    public static String preflightFailed(List<ScriptPreflight.ScriptError> errors, int total) {
        String problems = total == 1 ? "1 problem" : total + " problems";
        String more = total > errors.size() ? "\n• … and " + (total - errors.size()) + " more" : "";
        return ":warning: The script cannot run as written (pre-flight check, " + problems
                + "), so nobody was asked to approve it and nothing was queued:\n"
                + errors.stream()
                        .map(e -> "• line " + e.line() + ", column " + e.column() + ": " + SlackText.escape(e.message()))
                        .collect(Collectors.joining("\n"))
                + more + "\nFix the script and send the request again.";
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
        String code = SlackText.escape(r.code());
        return ":information_source: " + switch (r.state()) {
            case REJECTED -> code + " was already rejected by " + SlackText.user(r.decidedBy()) + ".";
            case WITHDRAWN -> code + " was withdrawn by " + SlackText.user(r.decidedBy())
                    + "; it is no longer waiting for a decision.";
            case EXPIRED -> code + " has expired; it is no longer waiting for a decision.";
            case CANCELLED -> code + " was cancelled; it is no longer waiting for a decision.";
            case PENDING -> code + " is still waiting for approvals.";
            default -> code + " was already approved by " + (r.approvals().isEmpty() ? SlackText.user(r.decidedBy())
                    : SlackText.users(r.approvals())) + ".";
        };
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

    // --- the policy's refusals of a new request ---

    public static String noRule(String channelId, sdx.chatops.approval.Site site, sdx.chatops.approval.Audience admins) {
        return ":no_entry: No policy rule allows changes to " + SlackText.escape(site.name()) + " (" + SlackText.code(site.id())
                + ") from " + SlackText.channel(channelId) + ", so nothing was queued. Ask an admin: "
                + SlackText.audience(admins) + ".";
    }

    public static String notARequester(sdx.chatops.approval.PolicyRule rule) {
        return ":no_entry: Rule *" + SlackText.escape(rule.name()) + "* lets only " + SlackText.audience(rule.requesters())
                + " request changes here, so nothing was queued.";
    }

    public static String denied(sdx.chatops.approval.PolicyRule rule, String reason) {
        return ":no_entry: Refused by rule *" + SlackText.escape(rule.name()) + "*: " + SlackText.escape(reason)
                + ". Nothing was queued.";
    }

    public static String reasonRequired(sdx.chatops.approval.PolicyRule rule) {
        return ":warning: Rule *" + SlackText.escape(rule.name()) + "* needs a reason or ticket with every request:"
                + " `/sdx queue --reason \"CHG-1234: why\" &lt;site&gt; &lt;script&gt;`. Nothing was queued.";
    }

    public static String frozen(sdx.chatops.approval.Site site, sdx.chatops.approval.Freeze freeze) {
        return ":snowflake: " + SlackText.escape(site.name()) + " is in a change freeze until "
                + SlackText.time(freeze.endsAt())
                + " (freeze " + freeze.id() + " by " + SlackText.user(freeze.createdBy()) + ": "
                + SlackText.escape(freeze.reason())
                + "). Nothing was queued. If it cannot wait: `/sdx queue --emergency \"why\" &lt;site&gt; &lt;script&gt;`"
                + " passes the freeze and needs one approval more.";
    }

    public static String requesterMembershipUnknown() {
        return ":warning: I could not read the requester groups from Slack, so I can't tell whether you may ask for this"
                + " change. Nothing was queued; try again in a minute.";
    }

    // --- the policy's refusals of a click ---

    public static String notAnApprover(sdx.chatops.approval.PolicyRule rule) {
        return ":no_entry: Rule *" + SlackText.escape(rule.name()) + "* lets only " + SlackText.audience(rule.approvers())
                + " approve or reject this change.";
    }

    public static String noRuleAnyMore(sdx.chatops.approval.Audience admins) {
        return ":no_entry: No policy rule covers this request any more (the policy changed), so nobody can approve it."
                + " Ask an admin: " + SlackText.audience(admins) + ".";
    }

    public static String frozenApproval(ChangeRequest r, sdx.chatops.approval.Freeze freeze) {
        return ":snowflake: " + SlackText.escape(r.site().name()) + " is in a change freeze until "
                + SlackText.time(freeze.endsAt())
                + " (freeze " + freeze.id() + " by " + SlackText.user(freeze.createdBy()) + ": "
                + SlackText.escape(freeze.reason())
                + "), so " + SlackText.escape(r.code()) + " cannot be approved now. It stays pending.";
    }

    public static String alreadyApprovedByYou(ChangeRequest r, int required) {
        return ":information_source: You already approved " + SlackText.escape(r.code()) + " (" + r.approvals().size() + " of "
                + required + "); each person counts once, so " + (required - r.approvals().size())
                + " more approval(s) from someone else are needed.";
    }

    public static String expired(ChangeRequest r) {
        return ":alarm_clock: " + SlackText.escape(r.code()) + " has expired: it waited longer than its rule allows. Nothing"
                + " was changed; the requester can send it again.";
    }

    public static String onlyTheRequesterCanWithdraw(ChangeRequest r) {
        return ":no_entry: Only the requester, " + SlackText.user(r.requesterId()) + ", can withdraw "
                + SlackText.escape(r.code()) + ".";
    }

    // --- freezes ---

    public static String freezeStarted(sdx.chatops.approval.Freeze f) {
        return ":snowflake: Freeze " + f.id() + " on " + (f.coversAll() ? "all sites" : SlackText.code(f.sites().text()))
                + " until " + SlackText.time(f.endsAt()) + ": " + SlackText.escape(f.reason()) + ". New requests for"
                + " these sites are refused and pending ones cannot be approved (except `--emergency`). End it early with"
                + " `/sdx unfreeze " + f.id() + "`.";
    }

    public static String freezesLifted(List<sdx.chatops.approval.Freeze> lifted) {
        if (lifted.isEmpty()) {
            return ":information_source: There was no active freeze to lift.";
        }
        return ":sunny: Lifted " + lifted.stream().map(f -> "freeze " + f.id() + " (" + SlackText.code(f.sites().text()) + ")")
                .collect(Collectors.joining(", ")) + ".";
    }

    public static String noSuchFreeze(long id) {
        return ":warning: There is no active freeze " + id + ". `/sdx freezes` lists them.";
    }

    public static String notAnAdmin(sdx.chatops.approval.Audience admins) {
        return ":no_entry: Only admins can start or lift freezes. Admins: " + SlackText.audience(admins) + ".";
    }

    public static String adminMembershipUnknown() {
        return ":warning: I could not read the admin groups from Slack, so I can't tell whether you are an admin. Try"
                + " again in a minute.";
    }

    public static String freezeTooLong(java.time.Duration longest) {
        return ":warning: A freeze from chat lasts at most " + SlackText.duration(longest) + ".";
    }

    public static String freezes(List<sdx.chatops.approval.Freeze> active) {
        if (active.isEmpty()) {
            return ":sunny: No change freeze is active.";
        }
        return ":snowflake: *Active change freezes*\n" + active.stream().map(f -> "• " + f.id() + ": "
                + (f.coversAll() ? "all sites" : SlackText.code(f.sites().text())) + " until " + SlackText.time(f.endsAt())
                + ", by " + SlackText.user(f.createdBy()) + ": " + SlackText.escape(f.reason()))
                .collect(Collectors.joining("\n"));
    }
}
