package sdx.chatops.approval;

/**
 * What the requester chose for the job's flags, on top of the configured defaults: no backup, an
 * express check-in, no acknowledgement. A rule's {@code force_backup} wins over "no backup".
 */
public record JobChoices(boolean noBackup, boolean express, boolean noAcknowledgement) {

    public static final JobChoices DEFAULTS = new JobChoices(false, false, false);

    public JobOptions options(JobOptions defaults, boolean forceBackup) {
        return new JobOptions(forceBackup || (defaults.makeBackup() && !noBackup), defaults.expressExecute() || express,
                defaults.needsAcknowledgement() && !noAcknowledgement);
    }
}
