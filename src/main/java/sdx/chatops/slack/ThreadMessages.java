package sdx.chatops.slack;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.Notice;
import sdx.chatops.approval.QueueReceipt;

/**
 * Replies in the approval message's thread, rendered from the workflow's notices at delivery: the
 * receipt, failures, and each job status. Everything from SDX is escaped.
 */
public final class ThreadMessages {

    private ThreadMessages() {
    }

    /** The thread reply for a notice that is told in the thread. */
    public static String render(Notice notice, ChangeRequest r) {
        if (notice instanceof Notice.Receipt receipt) {
            return receipt(r, receipt.receipt());
        }
        if (notice instanceof Notice.JobStatusChanged status) {
            return jobStatus(r, status.status());
        }
        if (notice instanceof Notice.SubmissionDeferred deferred) {
            return submissionDeferred(r, deferred.reason(), deferred.retryForMinutes());
        }
        if (notice instanceof Notice.SubmissionFailed failed) {
            return submitFailed(r, failed.reason());
        }
        if (notice instanceof Notice.OutcomeUnknown unknown) {
            return outcomeUnknown(r, unknown.reason());
        }
        if (notice instanceof Notice.JobFound found) {
            return jobFound(r, found.jobId(), found.idempotencyKey());
        }
        if (notice instanceof Notice.JobMissing) {
            return jobMissing(r);
        }
        if (notice instanceof Notice.Expired expired) {
            return expired(r, expired);
        }
        if (notice instanceof Notice.CancelAttempt attempt) {
            return cancelAttempt(r, attempt);
        }
        if (notice instanceof Notice.JobArtifacts artifacts) {
            return artifacts(r, artifacts);
        }
        if (notice instanceof Notice.LegacyThreadReply legacy) {
            // Rendered by the bot's previous version, before typed notices; delivered as stored.
            return legacy.text();
        }
        throw new IllegalArgumentException(notice.getClass().getSimpleName() + " is not a thread reply");
    }

    /** Whether a notice is told as a reply in the request's thread. */
    public static boolean isThreadReply(Notice notice) {
        return !(notice instanceof Notice.ApprovalMessage || notice instanceof Notice.ApprovalRefresh
                || notice instanceof Notice.ApprovalNotPosted || notice instanceof Notice.PointerMessage);
    }

    static String cancelAttempt(ChangeRequest r, Notice.CancelAttempt a) {
        String who = SlackText.user(a.by());
        String code = SlackText.escape(r.code());
        return switch (a.outcome()) {
            case "cancelled" -> ":wastebasket: *Cancelled in SDX* (" + code + ") by " + who + ": the router never started"
                    + " the job.";
            case "already_started" -> ":gear: " + who + " asked to cancel " + code + ", but the router has already started"
                    + " the job; it runs to its end.";
            case "not_found" -> ":warning: " + who + " asked to cancel " + code + ", but SDX no longer has the job.";
            default -> ":warning: " + who + " asked to cancel " + code + "; SDX did not cancel it"
                    + (a.message() == null ? "" : " (" + SlackText.escape(a.message()) + ")") + ".";
        };
    }

    static String artifacts(ChangeRequest r, Notice.JobArtifacts a) {
        StringBuilder text = new StringBuilder(":file_folder: *From SDX about the job* (").append(SlackText.escape(r.code()))
                .append("):");
        if (a.backup() != null) {
            text.append("\n• Backup taken before it: ").append(SlackText.link(a.backup(), "the backup"));
        }
        if (a.logUrl() != null) {
            text.append("\n• Job log: ").append(SlackText.link(a.logUrl(), "open the log"));
        }
        return text.toString();
    }

    static String expired(ChangeRequest r, Notice.Expired expired) {
        return SlackText.user(r.requesterId()) + " :alarm_clock: *Expired* (" + SlackText.escape(r.code()) + "): "
                + (expired.approvals() == 0 ? "nobody approved it" : "only " + expired.approvals() + " of "
                        + expired.required() + " approvals came")
                + " within " + SlackText.duration(java.time.Duration.ofSeconds(expired.afterSeconds()))
                + ". Nothing was sent to SDX; send a new `/sdx queue` if the change is still needed.";
    }

    static String receipt(ChangeRequest r, QueueReceipt receipt) {
        return ":inbox_tray: *Queued in SDX* (" + SlackText.escape(r.code()) + ")\n"
                + "• Request id: " + SlackText.code(receipt.requestId()) + "\n"
                + "• Idempotency key: " + SlackText.code(receipt.idempotencyKey()) + "\n"
                + "• Site: " + ApprovalMessage.siteLabel(r) + "\n"
                + "• Date: " + SlackText.escape(receipt.date());
    }

    static String submitFailed(ChangeRequest r, String reason) {
        return ":x: *Submission failed* (" + SlackText.escape(r.code()) + "): " + SlackText.escape(reason)
                + ". Nothing was queued; fix the cause and send a new `/sdx queue`.";
    }

    static String outcomeUnknown(ChangeRequest r, String reason) {
        return ":grey_question: *Outcome unknown* (" + SlackText.escape(r.code()) + "): " + SlackText.escape(reason)
                + ". The job may exist in SDX; it was not sent again. I'm looking for " + SlackText.code(r.code())
                + " in SDX's job list and will report here what I find.";
    }

    static String submissionDeferred(ChangeRequest r, String reason, long retryForMinutes) {
        return ":hourglass_flowing_sand: *Not queued yet* (" + SlackText.escape(r.code()) + "): " + SlackText.escape(reason)
                + ". Nothing reached SDX, so I'll retry automatically for up to " + retryForMinutes + " minutes.";
    }

    static String jobFound(ChangeRequest r, String jobId, String idempotencyKey) {
        return ":mag: *Found in SDX* (" + SlackText.escape(r.code()) + "): the job exists after all.\n"
                + "• Job id: " + SlackText.code(jobId) + "\n"
                + "• Idempotency key: " + SlackText.code(idempotencyKey) + "\n"
                + "• Site: " + ApprovalMessage.siteLabel(r);
    }

    static String jobMissing(ChangeRequest r) {
        return ":x: *Not queued* (" + SlackText.escape(r.code()) + "): SDX's job list has no job " + SlackText.code(r.code())
                + ", so the lost submission did not create one. Nothing will run; send a new `/sdx queue` if still needed.";
    }

    static String jobStatus(ChangeRequest r, String status) {
        String text = statusEmoji(status) + " SDX job status: *" + SlackText.escape(status) + "*";
        return switch (status) {
            case "completed" -> text + ". The script ran on " + SlackText.escape(r.site().name()) + ".";
            case "failed" -> text + ". The router reported an error; SDX's job log has the details.";
            case "deleted" -> text + ". The job was removed from SDX before it ran.";
            default -> text;
        };
    }

    static String statusEmoji(String status) {
        if (status == null) {
            return ":grey_question:";
        }
        return switch (status) {
            case "pending", "loaded", "queued" -> ":hourglass_flowing_sand:";
            case "running" -> ":gear:";
            case "completed" -> ":white_check_mark:";
            case "failed" -> ":x:";
            case "deleted" -> ":wastebasket:";
            default -> ":grey_question:";
        };
    }
}
