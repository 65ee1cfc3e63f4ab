package sdx.chatops.slack;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;

import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.approval.ChangePolicy;
import sdx.chatops.approval.ClickOrigin;
import sdx.chatops.approval.DecideChange;
import sdx.chatops.approval.RequestLog;
import sdx.chatops.approval.WithdrawChange;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.metrics.MetricLabels;
import sdx.chatops.workers.WorkerPools;

/**
 * Approve and Reject clicks: acknowledged at once, decided by {@link DecideChange} off the request
 * thread; whoever may not decide, or clicks a button that is not on the request's approval message,
 * is told why, privately.
 */
@ApplicationScoped
public class ApprovalButtons {

    public static final String APPROVE = "sdx_approve";
    public static final String REJECT = "sdx_reject";
    public static final String WITHDRAW = "sdx_withdraw";

    private static final Logger LOG = Logger.getLogger(ApprovalButtons.class);
    /** Button values are request ids, which are UUIDs. */
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final DecideChange decideChange;
    private final WithdrawChange withdrawChange;
    private final WorkerPools pools;
    private final SlackResponder responder;
    private final AppHome home;
    private final MeterRegistry registry;

    @Inject
    public ApprovalButtons(DecideChange decideChange, WithdrawChange withdrawChange, WorkerPools pools,
            SlackResponder responder, AppHome home, MeterRegistry registry) {
        this.home = home;
        this.registry = registry;
        this.decideChange = decideChange;
        this.withdrawChange = withdrawChange;
        this.pools = pools;
        this.responder = responder;
    }

    public Response approve(BlockActionRequest req, ActionContext ctx) {
        return click(req, ctx, true);
    }

    public Response reject(BlockActionRequest req, ActionContext ctx) {
        return click(req, ctx, false);
    }

    public Response withdraw(BlockActionRequest req, ActionContext ctx) {
        return handle(req, ctx, (requestId, actor, origin) -> {
            WithdrawChange.Result result = withdrawChange.withdraw(requestId, actor, origin);
            return new Decided(result, refusal(result));
        });
    }

    /** What a click does, off the request thread. */
    @FunctionalInterface
    private interface Decision {
        Decided decide(String requestId, String actor, ClickOrigin origin);
    }

    /** What became of a click (its outcome, for metrics) and what to tell the clicker privately, or null. */
    private record Decided(Object outcome, String refusal) {
    }

    private Response click(BlockActionRequest req, ActionContext ctx, boolean approve) {
        return handle(req, ctx, (requestId, actor, origin) -> {
            DecideChange.Result result = decideChange.decide(requestId, actor, origin, approve);
            Object outcome = result instanceof DecideChange.Result.NotAllowed notAllowed ? notAllowed.verdict() : result;
            return new Decided(outcome, refusal(result));
        });
    }

    private Response handle(BlockActionRequest req, ActionContext ctx, Decision decision) {
        BlockActionPayload payload = req.getPayload();
        String actor = payload.getUser().getId();
        String requestId = payload.getActions().get(0).getValue();
        String responseUrl = payload.getResponseUrl();
        if (!REQUEST_ID.matcher(requestId).matches()) {
            BotMetrics.refused(registry, "click", "unknown_request");
            responder.ephemeral(responseUrl, EphemeralReplies.unknownRequest());
            return ctx.ack();
        }
        ClickOrigin origin = origin(payload);
        long received = System.nanoTime();
        try {
            pools.clicks().execute(() -> {
                try (RequestLog log = RequestLog.of(origin.channelId(), actor)) {
                    Decided decided = decision.decide(requestId, actor, origin);
                    String refusal = decided.refusal();
                    BotMetrics.record(registry, BotMetrics.DECISION, Duration.ofNanos(System.nanoTime() - received),
                            "outcome", MetricLabels.label(decided.outcome()));
                    if (refusal != null) {
                        BotMetrics.refused(registry, "click", decided.outcome());
                    }
                    if (origin.homeTab()) {
                        // A Home tab click has no response_url: the refreshed tab shows what became of it.
                        home.refreshSoon(actor, refusal);
                    } else if (refusal != null) {
                        responder.ephemeral(responseUrl, refusal);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf("decision on request %s by %s failed: %s", requestId, actor, WorkerPools.oneLine(e));
                    responder.ephemeral(responseUrl, EphemeralReplies.notSaved());
                }
            });
        } catch (RejectedExecutionException e) {
            BotMetrics.refused(registry, "click", "busy");
            responder.ephemeral(responseUrl, EphemeralReplies.busy());
        }
        return ctx.ack();
    }

    /** Where Slack says the click happened; every part may be missing. */
    static ClickOrigin origin(BlockActionPayload p) {
        boolean homeTab = p.getContainer() != null && "view".equals(p.getContainer().getType()) && p.getView() != null
                && "home".equals(p.getView().getType());
        return new ClickOrigin(p.getTeam() == null ? null : p.getTeam().getId(), p.getUser().getTeamId(),
                p.getEnterprise() == null ? null : p.getEnterprise().getId(),
                p.getChannel() == null ? null : p.getChannel().getId(),
                p.getContainer() == null ? null : p.getContainer().getChannelId(),
                p.getMessage() == null ? null : p.getMessage().getTs(),
                p.getContainer() == null ? null : p.getContainer().getMessageTs(), homeTab);
    }

    /** What to tell the clicker privately, or null when the approval message itself will show it. */
    static String refusal(DecideChange.Result result) {
        if (result instanceof DecideChange.Result.NotFound) {
            return EphemeralReplies.unknownRequest();
        }
        if (result instanceof DecideChange.Result.WrongMessage) {
            return EphemeralReplies.wrongMessage();
        }
        if (result instanceof DecideChange.Result.AlreadyDecided already) {
            return EphemeralReplies.alreadyDecided(already.request());
        }
        if (result instanceof DecideChange.Result.AlreadyApprovedByYou again) {
            return EphemeralReplies.alreadyApprovedByYou(again.request(), again.required());
        }
        if (result instanceof DecideChange.Result.Expired expired) {
            return EphemeralReplies.expired(expired.request());
        }
        if (result instanceof DecideChange.Result.NotAllowed notAllowed) {
            if (notAllowed.verdict() instanceof ChangePolicy.DecisionVerdict.Frozen frozen) {
                return EphemeralReplies.frozenApproval(notAllowed.request(), frozen.freeze());
            }
            return refusal(notAllowed.verdict());
        }
        return null;
    }

    static String refusal(ChangePolicy.DecisionVerdict verdict) {
        if (verdict instanceof ChangePolicy.DecisionVerdict.SelfApproval) {
            return EphemeralReplies.selfApproval();
        }
        if (verdict instanceof ChangePolicy.DecisionVerdict.NoApprovers) {
            return EphemeralReplies.noApproversConfigured();
        }
        if (verdict instanceof ChangePolicy.DecisionVerdict.MembershipUnknown) {
            return EphemeralReplies.membershipUnknown();
        }
        if (verdict instanceof ChangePolicy.DecisionVerdict.NotAnApprover notAnApprover) {
            return EphemeralReplies.notAnApprover(notAnApprover.rule());
        }
        if (verdict instanceof ChangePolicy.DecisionVerdict.NoRule noRule) {
            return EphemeralReplies.noRuleAnyMore(noRule.admins());
        }
        return EphemeralReplies.failed();
    }

    static String refusal(WithdrawChange.Result result) {
        if (result instanceof WithdrawChange.Result.NotFound) {
            return EphemeralReplies.unknownRequest();
        }
        if (result instanceof WithdrawChange.Result.WrongMessage) {
            return EphemeralReplies.wrongMessage();
        }
        if (result instanceof WithdrawChange.Result.NotTheRequester notRequester) {
            return EphemeralReplies.onlyTheRequesterCanWithdraw(notRequester.request());
        }
        if (result instanceof WithdrawChange.Result.NotPending notPending) {
            return EphemeralReplies.alreadyDecided(notPending.request());
        }
        return null;
    }
}
