package sdx.chatops.approval;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One change of a request, as the workflow asks the store for it: from which states, to which state,
 * which fields change, what the audit trail records, and what Slack must be told. The store applies
 * it as one transaction: the conditional update, one {@code request_event} row and the outbox entries,
 * or nothing at all. So of any number of racing clicks, callbacks or replicas exactly one applies it.
 */
public final class Transition {

    /** The actor of what the bot does by itself (sweeps, retries, reconciliation). */
    public static final String BOT = "bot";
    /** The actor of what SDX reports (callbacks) or what the bot read from SDX (polls). */
    public static final String SDX = "sdx";

    private final String requestId;
    private final EventKind kind;
    private final String actor;
    private final Instant at;
    private Set<RequestState> from = EnumSet.noneOf(RequestState.class);
    private Function<ChangeRequest, RequestState> to;
    private Predicate<ChangeRequest> guard = r -> true;
    private final Map<RequestField, Object> changes = new EnumMap<>(RequestField.class);
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<Notice> notices = new java.util.ArrayList<>();
    private boolean recordWhenRefused;

    private Transition(String requestId, EventKind kind, String actor, Instant at) {
        this.requestId = requestId;
        this.kind = kind;
        this.actor = actor;
        this.at = at;
    }

    public static Transition of(String requestId, EventKind kind, String actor, Instant at) {
        return new Transition(requestId, kind, actor, at);
    }

    /** The states the request must be in for this to apply. */
    public Transition from(RequestState first, RequestState... more) {
        this.from = EnumSet.of(first, more);
        return this;
    }

    /** The state afterwards; without it the state stays as it is. */
    public Transition to(RequestState state) {
        this.to = r -> state;
        return this;
    }

    /**
     * The state afterwards as a function of the request as stored now (under the lock): e.g. the
     * last approval needed moves it on, the others leave it pending.
     */
    public Transition to(Function<ChangeRequest, RequestState> state) {
        this.to = state;
        return this;
    }

    /** A further condition on the request as stored now, checked under the same lock. */
    public Transition when(Predicate<ChangeRequest> condition) {
        this.guard = condition;
        return this;
    }

    public Transition set(RequestField field, Object value) {
        changes.put(field, value);
        return this;
    }

    /** A fact for the audit trail; values are strings, numbers, booleans or null. */
    public Transition detail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    /** What Slack is told once this has happened, delivered in this order. */
    public Transition notify(Notice... told) {
        notices.addAll(List.of(told));
        return this;
    }

    /**
     * Keep the event in the audit trail even when the transition does not apply (a repeated or late
     * job status): what arrived is recorded, with {@code applied: false}.
     */
    public Transition recordWhenRefused() {
        this.recordWhenRefused = true;
        return this;
    }

    /** Whether this transition applies to the request as stored now. */
    public boolean appliesTo(ChangeRequest current) {
        return from.contains(current.state()) && guard.test(current);
    }

    /** The state after this transition, for the request as stored now. */
    public RequestState targetState(ChangeRequest current) {
        return to == null ? current.state() : to.apply(current);
    }

    public String requestId() {
        return requestId;
    }

    public EventKind kind() {
        return kind;
    }

    public String actor() {
        return actor;
    }

    public Instant at() {
        return at;
    }

    public Map<RequestField, Object> changes() {
        return Collections.unmodifiableMap(changes);
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    public List<Notice> notices() {
        return Collections.unmodifiableList(notices);
    }

    public boolean recordsWhenRefused() {
        return recordWhenRefused;
    }
}
