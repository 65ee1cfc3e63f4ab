package sdx.chatops.slack;

import java.time.Duration;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobStatus;
import sdx.chatops.sdx.QueueReceipt;
import sdx.chatops.sdx.SdxJob;

/** Replies in the approval message's thread: the receipt, failures, and each job status. */
public final class ThreadMessages {

    private ThreadMessages() {
    }

    public static String receipt(ChangeRequest r, QueueReceipt receipt) {
        return ":inbox_tray: *Queued in SDX* (" + r.code() + ")\n"
                + "• Request id: `" + receipt.requestId() + "`\n"
                + "• Idempotency key: `" + receipt.idempotencyKey() + "`\n"
                + "• Site: " + ApprovalMessage.siteLabel(r) + "\n"
                + "• Date: " + receipt.date();
    }

    public static String submitFailed(ChangeRequest r, String reason) {
        return ":x: *Submission failed* (" + r.code() + "): " + SlackText.escape(reason)
                + ". Nothing was queued; fix the cause and send a new `/sdx queue`.";
    }

    public static String outcomeUnknown(ChangeRequest r, String reason) {
        return ":grey_question: *Outcome unknown* (" + r.code() + "): " + SlackText.escape(reason)
                + ". The job may exist in SDX; it was not sent again. I'm looking for `" + r.code()
                + "` in SDX's job list and will report here what I find.";
    }

    public static String submissionDeferred(ChangeRequest r, String reason, Duration retryFor) {
        return ":hourglass_flowing_sand: *Not queued yet* (" + r.code() + "): " + SlackText.escape(reason)
                + ". Nothing reached SDX, so I'll retry automatically for up to " + retryFor.toMinutes() + " minutes.";
    }

    public static String jobFound(ChangeRequest r, SdxJob job) {
        return ":mag: *Found in SDX* (" + r.code() + "): the job exists after all.\n"
                + "• Job id: `" + job.id() + "`\n"
                + "• Idempotency key: `" + job.idempotencyKey() + "`\n"
                + "• Site: " + ApprovalMessage.siteLabel(r);
    }

    public static String jobMissing(ChangeRequest r) {
        return ":x: *Not queued* (" + r.code() + "): SDX's job list has no job `" + r.code()
                + "`, so the lost submission did not create one. Nothing will run; send a new `/sdx queue` if still needed.";
    }

    public static String jobStatus(ChangeRequest r, JobStatus status) {
        String text = statusEmoji(status.name()) + " SDX job status: *" + SlackText.escape(status.name()) + "*";
        return switch (status.name()) {
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
