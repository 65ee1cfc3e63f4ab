package sdx.chatops.slack;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.Notice;
import sdx.chatops.retry.RetryAfter;

/**
 * Renders one outbox notice and makes its Slack call, and says what happened in terms the worker
 * can act on: delivered, retry (after how long), or give up. The rendering happens here, at
 * delivery, from the request as it is now. In sandbox mode every message carries the
 * {@link SandboxMarker}; the ephemeral one gets it in {@link SlackResponder}.
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
    private final SlackResponder responder;
    private final Clock clock;
    private final SandboxMarker marker;

    @Inject
    public SlackDelivery(MethodsClient slack, SlackResponder responder, Clock clock, SandboxMarker marker) {
        this.slack = slack;
        this.responder = responder;
        this.clock = clock;
        this.marker = marker;
    }

    /** Whether delivering this notice posts a new message in a channel (and so is paced). */
    public static boolean postsInChannel(Notice notice) {
        return notice instanceof Notice.ApprovalMessage || notice instanceof Notice.PointerMessage
                || ThreadMessages.isThreadReply(notice);
    }

    /** The channel a notice's post goes to, for its pace: the pointer is in the request's own channel. */
    public static String channelOf(Notice notice, ChangeRequest request) {
        return notice instanceof Notice.PointerMessage ? request.channelId() : request.approvalChannelId();
    }

    public Outcome deliver(Notice notice, ChangeRequest request) {
        try {
            if (notice instanceof Notice.ApprovalMessage) {
                return postApproval(request);
            }
            if (notice instanceof Notice.ApprovalRefresh) {
                return updateApproval(request);
            }
            if (notice instanceof Notice.PointerMessage) {
                return postPointer(request);
            }
            if (notice instanceof Notice.ApprovalNotPosted notPosted) {
                // Ephemeral by nature (response_url, valid 30 minutes): one try, never retried.
                responder.ephemeral(request.responseUrl(), EphemeralReplies.approvalNotPosted(request, notPosted.error()));
                return new Outcome.Delivered(null);
            }
            return reply(request, ThreadMessages.render(notice, request));
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            if (code == 429) {
                return new Outcome.Retry("HTTP 429", RetryAfter.parse(e.getResponse().header("Retry-After"), clock));
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
        var response = slack.chatPostMessage(m -> m.channel(r.approvalChannelId())
                .text(marker.text(ApprovalMessage.fallbackText(r))).blocks(marker.blocks(ApprovalMessage.blocks(r))));
        return response.isOk() ? new Outcome.Delivered(response.getTs()) : failure(response);
    }

    /** Updates the approval message and, with an approvals channel, the pointer (both idempotent). */
    private Outcome updateApproval(ChangeRequest r) throws IOException, SlackApiException {
        if (r.approvalTs() == null) {
            return new Outcome.GiveUp("the approval message was never posted");
        }
        Outcome approval = result(slack.chatUpdate(m -> m.channel(r.approvalChannelId()).ts(r.approvalTs())
                .text(marker.text(ApprovalMessage.fallbackText(r))).blocks(marker.blocks(ApprovalMessage.blocks(r)))));
        if (!(approval instanceof Outcome.Delivered) || r.pointerTs() == null) {
            return approval;
        }
        return result(
                slack.chatUpdate(m -> m.channel(r.channelId()).ts(r.pointerTs()).text(marker.text(PointerMessage.text(r)))));
    }

    private Outcome postPointer(ChangeRequest r) throws IOException, SlackApiException {
        if (r.pointerTs() != null) {
            return new Outcome.Delivered(null);
        }
        var response = slack.chatPostMessage(m -> m.channel(r.channelId()).text(marker.text(PointerMessage.text(r))));
        return response.isOk() ? new Outcome.Delivered(response.getTs()) : failure(response);
    }

    private Outcome reply(ChangeRequest r, String text) throws IOException, SlackApiException {
        if (r.approvalTs() == null) {
            return new Outcome.GiveUp("the approval message was never posted, so there is no thread");
        }
        return result(slack.chatPostMessage(
                m -> m.channel(r.approvalChannelId()).threadTs(r.approvalTs()).text(marker.text(text))));
    }

    private static Outcome result(SlackApiTextResponse response) {
        return response.isOk() ? new Outcome.Delivered(null) : failure(response);
    }

    private static Outcome failure(SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        return TRANSIENT_ERRORS.contains(error) ? new Outcome.Retry(error, null) : new Outcome.GiveUp(error);
    }
}
