package sdx.chatops.approval;

/**
 * What the requester chose for the job's flags; null leaves a flag at its configured default. A
 * rule's {@code force_backup} wins over a choice of no backup.
 */
public record JobChoices(Boolean makeBackup, Boolean expressExecute, Boolean needsAcknowledgement) {

    public static final JobChoices DEFAULTS = new JobChoices(null, null, null);

    /** The slash command's flags: {@code --no-backup}, {@code --express}, {@code --no-ack}. */
    public static JobChoices ofFlags(boolean noBackup, boolean express, boolean noAcknowledgement) {
        return new JobChoices(noBackup ? Boolean.FALSE : null, express ? Boolean.TRUE : null,
                noAcknowledgement ? Boolean.FALSE : null);
    }

    public JobOptions options(JobOptions defaults, boolean forceBackup) {
        return new JobOptions(forceBackup || (makeBackup == null ? defaults.makeBackup() : makeBackup),
                expressExecute == null ? defaults.expressExecute() : expressExecute,
                needsAcknowledgement == null ? defaults.needsAcknowledgement() : needsAcknowledgement);
    }
}
