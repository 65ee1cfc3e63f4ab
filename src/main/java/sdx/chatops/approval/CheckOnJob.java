package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.sdx.SdxClient;
import sdx.chatops.sdx.SdxJob;
import sdx.chatops.sdx.SdxUnavailableException;
import sdx.chatops.slack.ThreadMessages;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;

/**
 * Asks SDX about a job instead of waiting: an unknown outcome is looked up in the site's job list
 * by the request code in its description (adopted if found, reported as not queued if still
 * missing after a grace period); a queued job whose callbacks stay away is polled, its status
 * derived from the job's timestamps.
 */
@ApplicationScoped
public class CheckOnJob {

    private static final Logger LOG = Logger.getLogger(CheckOnJob.class);

    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final SdxClient sdx;
    private final RecordJobStatus recordJobStatus;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public CheckOnJob(Database db, ChangeRequestStore requests, OutboxStore outbox, OutboxSignal signal, SdxClient sdx,
            RecordJobStatus recordJobStatus, ChatopsConfig config, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
        this.sdx = sdx;
        this.recordJobStatus = recordJobStatus;
        this.config = config;
        this.clock = clock;
    }

    public void check(String requestId) {
        Optional<ChangeRequest> found = db.inTransaction(c -> requests.find(c, requestId));
        if (found.isEmpty()) {
            return;
        }
        ChangeRequest request = found.get();
        try {
            if (request.state() == RequestState.UNKNOWN) {
                reconcile(request);
            } else if (request.state() == RequestState.QUEUED || request.state() == RequestState.RUNNING) {
                poll(request);
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
            boolean adopted = db.inTransaction(c -> {
                if (!requests.adoptJob(c, request.id(), job.get().id(), job.get().idempotencyKey(),
                        now.plus(config.sdx().pollInterval()), now)) {
                    return false;
                }
                outbox.replyAndRefresh(c, request.id(), ThreadMessages.jobFound(request, job.get()), now);
                return true;
            });
            if (adopted) {
                LOG.infof("request %s: lost submission found in SDX as job %s", request.code(), job.get().id());
                signal.wake();
                applyStatus(request, job.get());
            }
            return;
        }
        Instant submitted = request.submittedAt() != null ? request.submittedAt() : request.createdAt();
        if (now.isBefore(submitted.plus(config.sdx().reconcileGrace()))) {
            later(request);
            return;
        }
        boolean missing = db.inTransaction(c -> {
            if (!requests.markNotQueued(c, request.id(), RequestState.UNKNOWN, RequestState.SUBMIT_FAILED,
                    "SDX has no job " + request.code(), null, now)) {
                return false;
            }
            outbox.replyAndRefresh(c, request.id(), ThreadMessages.jobMissing(request), now);
            return true;
        });
        if (missing) {
            LOG.infof("request %s: lost submission did not create a job in SDX", request.code());
            signal.wake();
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
            String id = jobId;
            db.inTransaction(c -> {
                requests.setJobId(c, request.id(), id);
                return null;
            });
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

    private void applyStatus(ChangeRequest request, SdxJob job) {
        RecordJobStatus.Result result = recordJobStatus.fromPoll(request.id(), new RecordJobStatus.Report(
                job.status().name(), job.id(), "{\"source\":\"poll\",\"status\":\"" + job.status().name() + "\"}"));
        if (result != RecordJobStatus.Result.APPLIED) {
            later(request);
        }
    }

    private void later(ChangeRequest request) {
        Instant next = clock.instant().plus(config.sdx().pollInterval());
        db.inTransaction(c -> {
            requests.setNextCheck(c, request.id(), next);
            return null;
        });
    }
}
