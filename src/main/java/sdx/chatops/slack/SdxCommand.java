package sdx.chatops.slack;

import java.time.Duration;

/** What an engineer asked for with {@code /sdx ...}, already unescaped. */
public sealed interface SdxCommand {

    /**
     * {@code /sdx queue [options] <site> <script>}.
     *
     * @param emergencyReason {@code --emergency "why"}: break-glass past a freeze, one approval more
     * @param reason {@code --reason "CHG-123: why"}
     * @param noBackup {@code --no-backup}: {@code make_backup=false} unless the rule forces backups
     * @param express {@code --express}: {@code express_execute=true}
     * @param noAcknowledgement {@code --no-ack}: {@code needs_acknowledgement=false}
     */
    record Queue(String site, String script, String emergencyReason, String reason, boolean noBackup, boolean express,
            boolean noAcknowledgement) implements SdxCommand {

        public Queue(String site, String script) {
            this(site, script, null, null, false, false, false);
        }
    }

    /**
     * {@code /sdx}, {@code /sdx queue} or {@code /sdx queue <site>} without a script: the request form.
     *
     * @param site what the command named, to preselect; null for none
     */
    record OpenModal(String site) implements SdxCommand {
    }

    /** {@code /sdx freeze <site-glob|all> <duration> <reason…>}. */
    record Freeze(String sites, Duration duration, String reason) implements SdxCommand {
    }

    /** {@code /sdx unfreeze <id|all>}; {@code id} null for all. */
    record Unfreeze(Long id) implements SdxCommand {
    }

    /** {@code /sdx audit <code>}. */
    record Audit(String code) implements SdxCommand {
    }

    /** {@code /sdx sites [filter] [--page n]}. */
    record Sites(String filter, int page) implements SdxCommand {
    }

    /** {@code /sdx status <code>}. */
    record Status(String code) implements SdxCommand {
    }

    /** {@code /sdx pending}: what waits for my approval. */
    record Pending() implements SdxCommand {
    }

    /** {@code /sdx history <site> [n]}. */
    record History(String site, int count) implements SdxCommand {
    }

    /** {@code /sdx cancel <code>}. */
    record Cancel(String code) implements SdxCommand {
    }

    /** {@code /sdx freezes}. */
    record Freezes() implements SdxCommand {
    }

    /** {@code /sdx}, {@code /sdx help}, or anything not understood; {@code problem} says what was wrong. */
    record Help(String problem) implements SdxCommand {
    }
}
