package sdx.chatops.slack;

import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;

import sdx.chatops.approval.DecideChange;
import sdx.chatops.work.WorkerPools;

/**
 * Approve and Reject clicks: acknowledged at once, decided by {@link DecideChange} off the request
 * thread; whoever may not decide is told why, privately.
 */
@ApplicationScoped
public class ApprovalButtons {

    public static final String APPROVE = "sdx_approve";
    public static final String REJECT = "sdx_reject";

    private static final Logger LOG = Logger.getLogger(ApprovalButtons.class);

    private final DecideChange decideChange;
    private final WorkerPools pools;
    private final SlackResponder responder;

    @Inject
    public ApprovalButtons(DecideChange decideChange, WorkerPools pools, SlackResponder responder) {
        this.decideChange = decideChange;
        this.pools = pools;
        this.responder = responder;
    }

    public Response approve(BlockActionRequest req, ActionContext ctx) {
        return click(req, ctx, true);
    }

    public Response reject(BlockActionRequest req, ActionContext ctx) {
        return click(req, ctx, false);
    }

    private Response click(BlockActionRequest req, ActionContext ctx, boolean approve) {
        BlockActionPayload payload = req.getPayload();
        String actor = payload.getUser().getId();
        String requestId = payload.getActions().get(0).getValue();
        String responseUrl = payload.getResponseUrl();
        try {
            pools.interactions().execute(() -> {
                try {
                    String refusal = refusal(decideChange.decide(requestId, actor, approve));
                    if (refusal != null) {
                        responder.ephemeral(responseUrl, refusal);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf("decision on request %s by %s failed: %s", requestId, actor, e.toString());
                    responder.ephemeral(responseUrl, EphemeralReplies.notSaved());
                }
            });
        } catch (RejectedExecutionException e) {
            responder.ephemeral(responseUrl, EphemeralReplies.busy());
        }
        return ctx.ack();
    }

    /** What to tell the clicker privately, or null when the approval message itself will show it. */
    static String refusal(DecideChange.Result result) {
        if (result instanceof DecideChange.Result.NotFound) {
            return EphemeralReplies.unknownRequest();
        }
        if (result instanceof DecideChange.Result.AlreadyDecided already) {
            return EphemeralReplies.alreadyDecided(already.request());
        }
        if (result instanceof DecideChange.Result.NotAllowed notAllowed) {
            return switch (notAllowed.verdict()) {
                case SELF_APPROVAL -> EphemeralReplies.selfApproval();
                case NO_APPROVERS_CONFIGURED -> EphemeralReplies.noApproversConfigured();
                case MEMBERSHIP_UNKNOWN -> EphemeralReplies.membershipUnknown();
                case NOT_AN_APPROVER, ALLOWED -> EphemeralReplies.notAnApprover();
            };
        }
        return null;
    }
}
