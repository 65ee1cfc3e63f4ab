package sdx.chatops.approval;

import java.util.Locale;

/**
 * A job status as SDX reports it. SDX's statuses are an open set: unknown ones are shown, never
 * rejected. The rank orders them so that a late, earlier status never overwrites a later one,
 * and a repeated one is never posted twice.
 */
public record JobStatus(String name) {

    public static final int TERMINAL_RANK = 30;
    /** Longest status name kept; SDX's are single words. */
    public static final int MAX_LENGTH = 32;

    public static JobStatus of(String raw) {
        String name = raw == null || raw.isBlank() ? "unknown" : raw.trim().toLowerCase(Locale.ROOT);
        return new JobStatus(name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name);
    }

    public int rank() {
        // Distinct ranks: a status is applied only if it ranks strictly higher than the current one.
        return switch (name) {
            case "pending" -> 10;
            case "loaded" -> 11;
            case "queued" -> 12;
            case "running" -> 20;
            case "completed", "failed", "deleted" -> TERMINAL_RANK;
            // anything SDX invents later: shown once, after running, never after a terminal status
            default -> 21;
        };
    }

    public boolean isTerminal() {
        return rank() == TERMINAL_RANK;
    }

    /** The request state this status moves the request to. */
    public RequestState requestState() {
        return switch (name) {
            case "completed" -> RequestState.COMPLETED;
            case "failed" -> RequestState.FAILED;
            case "deleted" -> RequestState.DELETED;
            case "pending", "loaded", "queued" -> RequestState.QUEUED;
            default -> RequestState.RUNNING;
        };
    }
}
