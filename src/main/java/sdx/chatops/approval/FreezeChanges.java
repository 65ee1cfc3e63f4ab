package sdx.chatops.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Change freezes: admins start ({@code /sdx freeze}) and lift ({@code /sdx unfreeze}) them, anyone
 * lists them ({@code /sdx freezes}). A freeze ends by itself; while it lasts, {@link ChangePolicy}
 * refuses new requests for the sites it covers and approvals of pending ones, except break-glass.
 */
@ApplicationScoped
public class FreezeChanges {

    /** Longest freeze accepted from chat: a freeze that outlives everyone's memory is an outage. */
    public static final Duration LONGEST = Duration.ofDays(30);

    public sealed interface Result {
        record Started(Freeze freeze) implements Result {
        }

        record Lifted(List<Freeze> freezes) implements Result {
        }

        record NoSuchFreeze(long id) implements Result {
        }

        record NotAnAdmin(Audience admins) implements Result {
        }

        record MembershipUnknown() implements Result {
        }

        record TooLong(Duration longest) implements Result {
        }
    }

    private final FreezeStore freezes;
    private final ChangePolicy policy;
    private final Clock clock;

    @Inject
    public FreezeChanges(FreezeStore freezes, ChangePolicy policy, Clock clock) {
        this.freezes = freezes;
        this.policy = policy;
        this.clock = clock;
    }

    public Result freeze(String actorId, SitePattern sites, Duration duration, String reason) {
        Optional<Result> refused = refusal(actorId);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (duration.compareTo(LONGEST) > 0) {
            return new Result.TooLong(LONGEST);
        }
        Instant now = clock.instant();
        Freeze freeze = freezes.create(sites, reason, actorId, now, now.plus(duration));
        audit("FREEZE_STARTED", freeze, actorId);
        return new Result.Started(freeze);
    }

    /** Lifts freeze {@code id}, or every active freeze when {@code id} is null. */
    public Result unfreeze(String actorId, Long id) {
        Optional<Result> refused = refusal(actorId);
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant now = clock.instant();
        List<Freeze> lifted = id == null ? freezes.liftAll(actorId, now) : freezes.lift(id, actorId, now).map(List::of)
                .orElse(List.of());
        if (id != null && lifted.isEmpty()) {
            return new Result.NoSuchFreeze(id);
        }
        lifted.forEach(freeze -> audit("FREEZE_LIFTED", freeze, actorId));
        return new Result.Lifted(lifted);
    }

    public List<Freeze> active() {
        return freezes.active(clock.instant());
    }

    private Optional<Result> refusal(String actorId) {
        return switch (policy.isAdmin(actorId)) {
            case MEMBER -> Optional.empty();
            case UNKNOWN -> Optional.of(new Result.MembershipUnknown());
            case NOT_A_MEMBER -> Optional.of(new Result.NotAnAdmin(policy.admins()));
        };
    }

    private static void audit(String event, Freeze freeze, String actorId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("actor", actorId);
        fields.put("freeze", freeze.id());
        fields.put("sites", freeze.sites().text());
        fields.put("ends_at", freeze.endsAt());
        fields.put("reason", freeze.reason());
        AuditLog.event(event, fields);
    }
}
