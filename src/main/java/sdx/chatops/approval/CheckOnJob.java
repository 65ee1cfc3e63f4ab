package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;

/**
 * Asks SDX about a job instead of waiting: an unknown outcome is looked up in the site's job list
 * by the request code in its description (adopted if found, reported as not queued if still
 * missing after a grace period); a queued job whose callbacks stay away is polled, its status
 * derived from the job's timestamps.
 */
@ApplicationScoped
public class CheckOnJob {

    private static final Logger LOG = Logger.getLogger(CheckOnJob.class);

    private final RequestStore store;
    private final SdxJobs sdx;
    private final RecordJobStatus recordJobStatus;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public CheckOnJob(RequestStore store, SdxJobs sdx, RecordJobStatus recordJobStatus, ChatopsConfig config, Clock clock) {
        this.store = store;
        this.sdx = sdx;
        this.recordJobStatus = recordJobStatus;
        this.config = config;
        this.clock = clock;
    }

    public void check(String requestId) {
        Optional<ChangeRequest> found = store.find(requestId);
        if (found.isEmpty()) {
            return;
        }
        ChangeRequest request = found.get();
        try (RequestLog log = RequestLog.of(request)) {
            if (request.state() == RequestState.UNKNOWN) {
                reconcile(request);
            } else if (request.state() == RequestState.QUEUED || request.state() == RequestState.RUNNING) {
                poll(request);
            } else if (request.state() == RequestState.COMPLETED || request.state() == RequestState.FAILED) {
                artifacts(request);
            }
        } catch (SdxUnavailableException e) {
            LOG.infof("request %s: SDX could not be asked about the job (%s); trying again later", request.code(),
                    e.getMessage());
            later(request);
        }
    }

    private void reconcile(ChangeRequest request) throws SdxUnavailableException {
        Optional<SdxJob> job = sdx.jobs(request.site().id()).stream()
                .filter(j -> j.description() != null && j.description().startsWith(request.code())).findFirst();
        Instant now = clock.instant();
        if (job.isPresent()) {
            SdxJob found = job.get();
            boolean adopted = store.apply(Transition.of(request.id(), EventKind.RECONCILED_FOUND, Transition.BOT, now)
                    .from(RequestState.UNKNOWN).to(RequestState.QUEUED).set(RequestField.JOB_ID, found.id())
                    .set(RequestField.IDEMPOTENCY_KEY, found.idempotencyKey()).set(RequestField.FAILURE, null)
                    .set(RequestField.NOT_BEFORE, now.plus(config.sdx().pollInterval()))
                    .detail("job_id", found.id()).detail("idempotency_key", found.idempotencyKey())
                    .notify(new Notice.JobFound(found.id(), found.idempotencyKey()), new Notice.ApprovalRefresh()))
                    .isPresent();
            if (adopted) {
                LOG.infof("request %s: lost submission found in SDX as job %s", request.code(), found.id());
                applyStatus(request, found);
            }
            return;
        }
        Instant submitted = request.submittedAt() != null ? request.submittedAt() : request.createdAt();
        if (now.isBefore(submitted.plus(config.sdx().reconcileGrace()))) {
            later(request);
            return;
        }
        String reason = "SDX has no job " + request.code();
        boolean missing = store.apply(Transition.of(request.id(), EventKind.RECONCILED_MISSING, Transition.BOT, now)
                .from(RequestState.UNKNOWN).to(RequestState.SUBMIT_FAILED).set(RequestField.FAILURE, reason)
                .set(RequestField.NOT_BEFORE, null).detail("reason", reason)
                .notify(new Notice.JobMissing(), new Notice.ApprovalRefresh())).isPresent();
        if (missing) {
            LOG.infof("request %s: lost submission did not create a job in SDX", request.code());
        }
    }

    private void poll(ChangeRequest request) throws SdxUnavailableException {
        String jobId = request.jobId();
        if (jobId == null) {
            String key = request.receipt() == null ? null : request.receipt().idempotencyKey();
            List<SdxJob> jobs = sdx.jobs(request.site().id());
            Optional<SdxJob> match = jobs.stream().filter(j -> key != null && key.equals(j.idempotencyKey())).findFirst();
            if (match.isEmpty()) {
                later(request);
                return;
            }
            jobId = match.get().id();
            store.setJobId(request.id(), jobId);
        }
        Optional<SdxJob> job = sdx.job(request.site().id(), jobId);
        if (job.isEmpty()) {
            // Not concluded to be deleted: a 404 can have other causes, and SDX reports deletions by callback.
            LOG.infof("request %s: SDX does not return job %s; will ask again", request.code(), jobId);
            later(request);
            return;
        }
        applyStatus(request, job.get());
    }

    /**
     * The job has ended: ask SDX once for what it kept (the backup taken before the job, the job's
     * log) and post it in the thread when there is something; then nothing more is checked.
     */
    private void artifacts(ChangeRequest request) throws SdxUnavailableException {
        Optional<SdxJob> job = Optional.empty();
        if (request.jobId() != null) {
            job = sdx.job(request.site().id(), request.jobId());
        } else if (request.receipt() != null && request.receipt().idempotencyKey() != null) {
            String key = request.receipt().idempotencyKey();
            job = sdx.jobs(request.site().id()).stream().filter(j -> key.equals(j.idempotencyKey())).findFirst();
        }
        String backup = job.map(SdxJob::associatedBackup).orElse(null);
        String log = job.map(SdxJob::logUrl).orElse(null);
        Transition done = Transition.of(request.id(), EventKind.JOB_ARTIFACTS, Transition.SDX, clock.instant())
                .from(RequestState.COMPLETED, RequestState.FAILED).set(RequestField.NOT_BEFORE, null)
                .detail("job_found", job.isPresent()).detail("associated_backup", backup)
                .detail("log_url", log);
        if (backup != null || log != null) {
            done.notify(new Notice.JobArtifacts(backup, log));
        }
        store.apply(done);
    }

    private void applyStatus(ChangeRequest request, SdxJob job) {
        RecordJobStatus.Result result = recordJobStatus.fromPoll(request.id(),
                new RecordJobStatus.Report(job.status().name(), job.id(), null));
        if (result != RecordJobStatus.Result.APPLIED) {
            later(request);
        }
    }

    private void later(ChangeRequest request) {
        store.setNextCheck(request.id(), clock.instant().plus(config.sdx().pollInterval()));
    }
}
