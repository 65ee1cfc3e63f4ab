package sdx.chatops.slack;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.EventKind;
import sdx.chatops.approval.RequestEvent;

/** A request's audit trail as a private answer: one line per event, oldest first. */
public final class AuditReplies {

    /** Most events shown; a longer trail shows its last ones (the export has them all). */
    static final int MOST_EVENTS = 60;

    private AuditReplies() {
    }

    public static String trail(ChangeRequest r, List<RequestEvent> events) {
        List<RequestEvent> shown = events.size() > MOST_EVENTS ? events.subList(events.size() - MOST_EVENTS, events.size())
                : events;
        String head = ":ledger: *Audit trail of " + SlackText.escape(r.code()) + "* (" + SlackText.escape(r.site().name())
                + ", " + SlackText.code(r.site().id()) + "), now " + state(r.state().name())
                + (events.size() > shown.size() ? "; the last " + shown.size() + " of " + events.size() + " events" : "")
                + ":\n";
        return head + shown.stream().map(AuditReplies::line).collect(Collectors.joining("\n"));
    }

    static String line(RequestEvent e) {
        StringBuilder line = new StringBuilder("• ").append(SlackText.time(e.at())).append(" *")
                .append(e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append("* by ")
                .append(actor(e.actor()));
        if (e.fromState() != null && e.toState() != null && e.fromState() != e.toState()) {
            line.append(" (").append(state(e.fromState().name())).append(" → ").append(state(e.toState().name())).append(')');
        }
        String facts = facts(e);
        return facts.isEmpty() ? line.toString() : line.append(": ").append(facts).toString();
    }

    private static String actor(String actor) {
        return SlackText.isUserId(actor) ? SlackText.user(actor) : SlackText.escape(actor);
    }

    private static String state(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** The details worth reading in chat; bodies of callbacks stay in the export. */
    private static String facts(RequestEvent e) {
        Map<String, Object> details = e.details();
        return details.entrySet().stream()
                .filter(d -> d.getValue() != null && !d.getKey().equals("body") && !(e.kind() == EventKind.CREATED
                        && d.getKey().startsWith("script")))
                .map(d -> SlackText.escape(d.getKey()) + "=" + SlackText.escape(String.valueOf(d.getValue())))
                .collect(Collectors.joining(", "));
    }

    public static String notFound(String code) {
        return ":warning: I know no request " + SlackText.code(code) + ". Request codes look like `SDX-7F3K2Q`.";
    }

    public static String notAllowed(ChangeRequest r) {
        return ":no_entry: Only the requester of " + SlackText.escape(r.code()) + ", the approvers of its rule and admins"
                + " can read its audit trail.";
    }

    public static String membershipUnknown() {
        return ":warning: I could not read the approver and admin groups from Slack, so I can't tell whether you may read"
                + " this trail. Try again in a minute.";
    }
}
