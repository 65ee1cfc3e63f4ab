package sdx.chatops.slack;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.EverydayQueries;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.approval.RequestState;

/** The private answers of the everyday commands: sites, status, pending, history. */
public final class CommandReplies {

    /** Sites per page of {@code /sdx sites}. */
    static final int SITES_PER_PAGE = 25;

    private CommandReplies() {
    }

    public static String sites(List<EverydayQueries.ListedSite> sites, String filter, int page) {
        String what = filter == null || filter.isBlank() ? "" : " matching " + SlackText.code(filter);
        if (sites.isEmpty()) {
            return ":mag: SDX has no site" + what + ".";
        }
        int pages = (sites.size() + SITES_PER_PAGE - 1) / SITES_PER_PAGE;
        int shown = Math.min(page, pages);
        List<EverydayQueries.ListedSite> onPage = sites.subList((shown - 1) * SITES_PER_PAGE,
                Math.min(sites.size(), shown * SITES_PER_PAGE));
        StringBuilder text = new StringBuilder(":satellite_antenna: *Sites*").append(what).append(" (").append(sites.size())
                .append(pages > 1 ? ", page " + shown + " of " + pages : "").append("):\n");
        text.append(onPage.stream().map(CommandReplies::site).collect(Collectors.joining("\n")));
        if (shown < pages) {
            text.append("\nMore: `/sdx sites ").append(SlackText.escape(filter == null ? "" : filter).replace('`', '\''))
                    .append(filter == null || filter.isBlank() ? "" : " ").append("--page ").append(shown + 1).append('`');
        }
        return text.toString();
    }

    private static String site(EverydayQueries.ListedSite listed) {
        var site = listed.site();
        return "• " + (site.hasPulse() ? ":large_green_circle:" : ":red_circle:") + " " + SlackText.escape(site.name()) + " "
                + SlackText.code(site.id()) + (site.hasPulse() ? " · online" : " · not checking in")
                + (site.softwareVersion() == null ? "" : " · RouterOS " + SlackText.escape(site.softwareVersion()))
                + (listed.ruleName() == null ? " · no rule allows changes from here"
                        : " · rule *" + SlackText.escape(listed.ruleName()) + "*");
    }

    public static String status(ChangeRequest r, List<RequestEvent> events) {
        StringBuilder text = new StringBuilder(":clipboard: *").append(SlackText.escape(r.code())).append("* on ")
                .append(ApprovalMessage.siteLabel(r)).append(" from ").append(SlackText.user(r.requesterId()))
                .append(r.isEmergency() ? " · *EMERGENCY*" : "").append("\n*State:* ").append(state(r.state()));
        if (r.state() == RequestState.PENDING) {
            text.append(" · ").append(ApprovalMessage.progress(r));
            if (r.expiresAt() != null) {
                text.append(" · expires ").append(SlackText.time(r.expiresAt()));
            }
        } else if (!r.approvals().isEmpty()) {
            text.append(" · approved by ").append(SlackText.users(r.approvals()));
        }
        if (r.receipt() != null) {
            text.append("\n*SDX request id:* ").append(SlackText.code(r.receipt().requestId())).append(" · idempotency key ")
                    .append(SlackText.code(r.receipt().idempotencyKey()));
        }
        if (r.jobId() != null) {
            text.append("\n*SDX job:* ").append(SlackText.code(r.jobId()));
        }
        if (r.failure() != null) {
            text.append("\n*Why:* ").append(SlackText.escape(r.failure()));
        }
        List<RequestEvent> statuses = events.stream()
                .filter(e -> e.kind() == EventKind.JOB_STATUS && !Boolean.FALSE.equals(e.details().get("applied"))).toList();
        if (!statuses.isEmpty()) {
            text.append("\n*Job:* ")
                    .append(statuses.stream().map(e -> SlackText.escape(String.valueOf(e.details().get("status")))
                            + " " + SlackText.time(e.at())).collect(Collectors.joining(" → ")));
        }
        text.append("\n").append(link(r, "The approval message")).append(" · `/sdx audit ").append(SlackText.escape(r.code()))
                .append("` for every event");
        return text.toString();
    }

    public static String pending(List<ChangeRequest> waiting) {
        if (waiting.isEmpty()) {
            return ":white_check_mark: Nothing is waiting for your approval.";
        }
        return ":hourglass_flowing_sand: *Waiting for your approval* (" + waiting.size() + "):\n" + waiting.stream()
                .map(r -> "• " + link(r, SlackText.escape(r.code())) + " on " + SlackText.escape(r.site().name()) + " from "
                        + SlackText.user(r.requesterId()) + " · " + ApprovalMessage.progress(r)
                        + (r.isEmergency() ? " · *EMERGENCY*" : "")
                        + (r.expiresAt() == null ? "" : " · expires " + SlackText.time(r.expiresAt())))
                .collect(Collectors.joining("\n")) + "\nApprove or reject on each request's approval message.";
    }

    public static String history(sdx.chatops.approval.Site site, List<ChangeRequest> requests) {
        if (requests.isEmpty()) {
            return ":scroll: No request yet on " + SlackText.escape(site.name()) + " (" + SlackText.code(site.id()) + ").";
        }
        return ":scroll: *Last " + requests.size() + " request(s) on " + SlackText.escape(site.name()) + "* ("
                + SlackText.code(site.id()) + "), newest first:\n" + requests.stream()
                        .map(r -> "• " + SlackText.time(r.createdAt()) + " " + link(r, SlackText.escape(r.code())) + " by "
                                + SlackText.user(r.requesterId()) + ": " + state(r.state())
                                + (r.jobStatus() == null ? "" : " (job " + SlackText.escape(r.jobStatus()) + ")")
                                + (r.approvals().isEmpty() ? "" : ", approved by " + SlackText.users(r.approvals())))
                        .collect(Collectors.joining("\n"));
    }

    public static String historyNotAllowed(sdx.chatops.approval.Site site) {
        return ":no_entry: Only the people a rule lets ask for or approve changes on " + SlackText.escape(site.name())
                + " from this channel, and admins, can read its history.";
    }

    /** A link to the request's approval message, or the channel while it is not posted. */
    static String link(ChangeRequest r, String label) {
        if (r.approvalTs() == null || !SlackText.isChannelId(r.approvalChannelId())
                || !r.approvalTs().matches("\\d{1,12}\\.\\d{1,9}")) {
            return label + " (" + SlackText.channel(r.approvalChannelId()) + ")";
        }
        return "<https://slack.com/archives/" + r.approvalChannelId() + "/p" + r.approvalTs().replace(".", "") + "|" + label
                + ">";
    }

    static String state(RequestState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public static String cancel(sdx.chatops.approval.CancelChange.Result result) {
        if (result instanceof sdx.chatops.approval.CancelChange.Result.Withdrawn w) {
            return ":leftwards_arrow_with_hook: " + SlackText.escape(w.request().code()) + " was still waiting for approval: it"
                    + " is withdrawn, nothing was sent to SDX.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.Cancelled c) {
            return ":wastebasket: " + SlackText.escape(c.request().code()) + ": SDX cancelled the job before the router started"
                    + " it. Nothing will run.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.AlreadyStarted started) {
            return ":gear: Too late to cancel " + SlackText.escape(started.request().code()) + ": the router has already"
                    + " started the job, and SDX cannot stop a job that runs. It runs to its end; its status follows in"
                    + " the thread. To undo it, send a new change.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.NotCancelled not) {
            return ":warning: " + SlackText.escape(not.request().code()) + " was not cancelled: " + outcome(not.outcome())
                    + ". Try again in a minute.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.InFlight in) {
            return ":hourglass_flowing_sand: " + SlackText.escape(in.request().code()) + " is being sent to SDX right now (or"
                    + " its outcome is being checked); try again in a moment.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.NoJobYet none) {
            return ":hourglass_flowing_sand: SDX has not told me the job of " + SlackText.escape(none.request().code())
                    + " yet; try again in a moment.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.AlreadyEnded ended) {
            return ":information_source: " + SlackText.escape(ended.request().code()) + " has already ended ("
                    + state(ended.request().state()) + "); there is nothing to cancel.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.NotAllowed notAllowed) {
            return ":no_entry: Only the requester of " + SlackText.escape(notAllowed.request().code())
                    + " and the approvers of its rule can cancel it.";
        }
        if (result instanceof sdx.chatops.approval.CancelChange.Result.NotFound notFound) {
            return AuditReplies.notFound(notFound.code());
        }
        return AuditReplies.membershipUnknown();
    }

    private static String outcome(sdx.chatops.approval.CancelOutcome outcome) {
        if (outcome instanceof sdx.chatops.approval.CancelOutcome.NotFound) {
            return "SDX no longer has the job";
        }
        if (outcome instanceof sdx.chatops.approval.CancelOutcome.Refused refused) {
            return "SDX answered " + SlackText.escape(refused.describe());
        }
        if (outcome instanceof sdx.chatops.approval.CancelOutcome.Unavailable unavailable) {
            return "SDX could not be asked (" + SlackText.escape(unavailable.reason()) + ")";
        }
        return "SDX said no";
    }
}
