package sdx.chatops.sdx;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import sdx.chatops.approval.JobSubmission;

/**
 * Body of {@code POST /api/asynchronous/{siteId}}. Every flag is sent explicitly, and
 * {@code notify_url} even when null: SDX has failed requests that left optional fields out.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "description", "script", "make_backup", "express_execute", "needs_acknowledgement", "notify_url" })
record QueueJob(
        @JsonProperty("description") String description,
        @JsonProperty("script") String script,
        @JsonProperty("make_backup") boolean makeBackup,
        @JsonProperty("express_execute") boolean expressExecute,
        @JsonProperty("needs_acknowledgement") boolean needsAcknowledgement,
        @JsonProperty("notify_url") String notifyUrl) {

    static QueueJob of(JobSubmission job) {
        return new QueueJob(job.description(), job.script(), job.options().makeBackup(), job.options().expressExecute(),
                job.options().needsAcknowledgement(), job.notifyUrl());
    }
}
