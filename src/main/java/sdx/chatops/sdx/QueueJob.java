package sdx.chatops.sdx;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Body of {@code POST /api/asynchronous/{siteId}}. Every flag is sent explicitly, and
 * {@code notify_url} even when null: SDX has failed requests that left optional fields out.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "description", "script", "make_backup", "express_execute", "needs_acknowledgement", "notify_url" })
public record QueueJob(
        @JsonProperty("description") String description,
        @JsonProperty("script") String script,
        @JsonProperty("make_backup") boolean makeBackup,
        @JsonProperty("express_execute") boolean expressExecute,
        @JsonProperty("needs_acknowledgement") boolean needsAcknowledgement,
        @JsonProperty("notify_url") String notifyUrl) {

    /** SDX's limit on {@code description}. */
    public static final int MAX_DESCRIPTION = 100;
}
