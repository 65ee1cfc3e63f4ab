package sdx.chatops.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.store.OutboxEntry;
import sdx.chatops.work.RetryAfter;

/**
 * Makes one outbox entry's Slack call and says what happened in terms the worker can act on:
 * delivered, retry (after how long), or give up.
 */
@ApplicationScoped
public class SlackDelivery {

    /** {@code ok:false} errors that go away by themselves; every other error is permanent. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "team_added_to_org");

    public sealed interface Outcome {
        /** {@code ts} of a newly posted approval message, otherwise null. */
        record Delivered(String ts) implements Outcome {
        }

        /** Try again; {@code after} is Slack's Retry-After when it sent one. */
        record Retry(String error, Duration after) implements Outcome {
        }

        record GiveUp(String error) implements Outcome {
        }
    }

    private final MethodsClient slack;

    @Inject
    public SlackDelivery(MethodsClient slack) {
        this.slack = slack;
    }

    public Outcome deliver(OutboxEntry entry, ChangeRequest request) {
        try {
            return switch (entry.kind()) {
                case APPROVAL_MESSAGE -> postApproval(request);
                case APPROVAL_UPDATE -> updateApproval(request);
                case THREAD_REPLY -> reply(request, entry.payload());
            };
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            if (code == 429) {
                return new Outcome.Retry("HTTP 429", RetryAfter.parse(e.getResponse().header("Retry-After")));
            }
            return code >= 500 ? new Outcome.Retry("HTTP " + code, null) : new Outcome.GiveUp("HTTP " + code);
        } catch (IOException e) {
            return new Outcome.Retry("network: " + e.getClass().getSimpleName(), null);
        }
    }

    private Outcome postApproval(ChangeRequest r) throws IOException, SlackApiException {
        if (r.approvalTs() != null) {
            return new Outcome.Delivered(null);
        }
        var response = slack.chatPostMessage(m -> m.channel(r.channelId()).text(ApprovalMessage.fallbackText(r))
                .blocks(ApprovalMessage.blocks(r)));
        return response.isOk() ? new Outcome.Delivered(response.getTs()) : failure(response);
    }

    private Outcome updateApproval(ChangeRequest r) throws IOException, SlackApiException {
        if (r.approvalTs() == null) {
            return new Outcome.GiveUp("the approval message was never posted");
        }
        return result(slack.chatUpdate(m -> m.channel(r.channelId()).ts(r.approvalTs())
                .text(ApprovalMessage.fallbackText(r)).blocks(ApprovalMessage.blocks(r))));
    }

    private Outcome reply(ChangeRequest r, String text) throws IOException, SlackApiException {
        if (r.approvalTs() == null) {
            return new Outcome.GiveUp("the approval message was never posted, so there is no thread");
        }
        return result(slack.chatPostMessage(m -> m.channel(r.channelId()).threadTs(r.approvalTs()).text(text)));
    }

    private static Outcome result(SlackApiTextResponse response) {
        return response.isOk() ? new Outcome.Delivered(null) : failure(response);
    }

    private static Outcome failure(SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        return TRANSIENT_ERRORS.contains(error) ? new Outcome.Retry(error, null) : new Outcome.GiveUp(error);
    }
}
