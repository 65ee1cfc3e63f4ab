package sdx.chatops.slack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;

import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.approval.CancelChange;
import sdx.chatops.approval.ChangePolicy;
import sdx.chatops.approval.EverydayQueries;
import sdx.chatops.approval.FreezeChanges;
import sdx.chatops.approval.JobChoices;
import sdx.chatops.approval.ReadAuditTrail;
import sdx.chatops.approval.RequestChange;
import sdx.chatops.approval.RequestLog;
import sdx.chatops.approval.SdxUnavailableException;
import sdx.chatops.approval.Site;
import sdx.chatops.approval.SiteDirectory;
import sdx.chatops.approval.SitePattern;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.workers.WorkerPools;

/**
 * {@code /sdx}: parse, answer usage at once, and hand a queue request to {@link RequestChange} off
 * the request thread. Slack allows 3 seconds: if SDX is slow to confirm the site, the ack says so
 * and the answer follows through {@code response_url}.
 */
@ApplicationScoped
public class SdxSlashCommand implements SlashCommandHandler {

    private static final Logger LOG = Logger.getLogger(SdxSlashCommand.class);

    private final RequestChange requestChange;
    private final FreezeChanges freezeChanges;
    private final ReadAuditTrail readAuditTrail;
    private final EverydayQueries queries;
    private final RequestModalHandlers modals;
    private final CancelChange cancelChange;
    private final WorkerPools pools;
    private final SlackResponder responder;
    private final ChatopsConfig config;
    private final SandboxMarker marker;
    private final MeterRegistry registry;

    @Inject
    public SdxSlashCommand(RequestChange requestChange, FreezeChanges freezeChanges, ReadAuditTrail readAuditTrail,
            EverydayQueries queries, RequestModalHandlers modals, CancelChange cancelChange, WorkerPools pools,
            SlackResponder responder, ChatopsConfig config, SandboxMarker marker, MeterRegistry registry) {
        this.registry = registry;
        this.cancelChange = cancelChange;
        this.modals = modals;
        this.queries = queries;
        this.marker = marker;
        this.readAuditTrail = readAuditTrail;
        this.requestChange = requestChange;
        this.freezeChanges = freezeChanges;
        this.pools = pools;
        this.responder = responder;
        this.config = config;
    }

    @Override
    public Response apply(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        SdxCommand command = SdxCommandParser.parse(p.getText());
        String user = p.getUserId();
        if (command instanceof SdxCommand.Help help) {
            return ack(EphemeralReplies.usage(help.problem()));
        }
        if (command instanceof SdxCommand.OpenModal modal) {
            // views.open must use the trigger_id within its 3 seconds, so it is called here, on the request thread.
            return modals.open(p, modal.site()) ? ctx.ack() : ack(EphemeralReplies.usage(null));
        }
        if (command instanceof SdxCommand.Freeze freeze) {
            return answer(p, "", () -> freezes(freezeChanges.freeze(user, SitePattern.of(freeze.sites()),
                    freeze.duration(), freeze.reason())));
        }
        if (command instanceof SdxCommand.Unfreeze unfreeze) {
            return answer(p, "", () -> freezes(freezeChanges.unfreeze(user, unfreeze.id())));
        }
        if (command instanceof SdxCommand.Audit audit) {
            return answer(p, "", () -> trail(readAuditTrail.read(audit.code(), user)));
        }
        if (command instanceof SdxCommand.Sites sites) {
            return answer(p, "", () -> {
                try {
                    return CommandReplies.sites(queries.sites(p.getChannelId(), sites.filter()), sites.filter(), sites.page());
                } catch (SdxUnavailableException e) {
                    return EphemeralReplies.sdxUnavailable(e.getMessage());
                }
            });
        }
        if (command instanceof SdxCommand.Status status) {
            return answer(p, "", () -> {
                ReadAuditTrail.Result result = readAuditTrail.read(status.code(), user);
                return result instanceof ReadAuditTrail.Result.Trail trail
                        ? CommandReplies.status(trail.request(), trail.events())
                        : trail(result);
            });
        }
        if (command instanceof SdxCommand.Pending) {
            return answer(p, "", () -> CommandReplies.pending(queries.waitingFor(user)));
        }
        if (command instanceof SdxCommand.History history) {
            return answer(p, "", () -> history(queries.history(p.getChannelId(), user, history.site(), history.count())));
        }
        if (command instanceof SdxCommand.Cancel cancel) {
            return answer(p, "", () -> CommandReplies.cancel(cancelChange.cancel(cancel.code(), user)));
        }
        if (command instanceof SdxCommand.Freezes) {
            return answer(p, "", () -> EphemeralReplies.freezes(freezeChanges.active()));
        }
        SdxCommand.Queue queue = (SdxCommand.Queue) command;
        RequestChange.Ask ask = new RequestChange.Ask(p.getTeamId(), blankToNull(p.getEnterpriseId()), p.getChannelId(),
                SlackText.channelName(p.getChannelName()), user, p.getUserName(), queue.site(), queue.script(),
                p.getResponseUrl(),
                queue.emergencyReason(), queue.reason(),
                JobChoices.ofFlags(queue.noBackup(), queue.express(), queue.noAcknowledgement()));
        return answer(p, queue.site(), () -> text(RefusalCount.of(registry, "command", requestChange.request(ask))));
    }

    /**
     * Works out the answer off the request thread and acknowledges with it when it is ready within
     * Slack's budget; otherwise acknowledges at once ("checking") and answers through response_url.
     */
    private Response answer(SlashCommandPayload p, String site, Supplier<String> work) {
        CompletableFuture<String> reply;
        try {
            reply = CompletableFuture.supplyAsync(() -> {
                try (RequestLog log = RequestLog.of(p.getChannelId(), p.getUserId())) {
                    return work.get();
                }
            }, pools.interactions()).handle((text, error) -> error == null ? text : failed(error));
        } catch (RejectedExecutionException e) {
            BotMetrics.refused(registry, "command", "busy");
            return ack(EphemeralReplies.busy());
        }
        try {
            return ack(reply.get(config.slack().ackBudget().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            reply.thenAccept(text -> responder.ephemeral(p.getResponseUrl(), text));
            return ack(site.isEmpty() ? EphemeralReplies.working() : EphemeralReplies.stillChecking(site));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ack(EphemeralReplies.busy());
        } catch (ExecutionException e) {
            return ack(failed(e.getCause()));
        }
    }

    /** Every ack is a private answer: marked in sandbox mode like everything the bot sends. */
    private Response ack(String text) {
        return CommandAck.text(marker.text(text));
    }

    private static String history(EverydayQueries.History result) {
        if (result instanceof EverydayQueries.History.Requests requests) {
            return CommandReplies.history(requests.site(), requests.requests());
        }
        if (result instanceof EverydayQueries.History.NotAllowed notAllowed) {
            return CommandReplies.historyNotAllowed(notAllowed.site());
        }
        if (result instanceof EverydayQueries.History.NoSite noSite) {
            if (noSite.resolution() instanceof SiteDirectory.Resolution.Ambiguous ambiguous) {
                return EphemeralReplies.ambiguousSite(ambiguous.typed(), ambiguous.candidates());
            }
            return EphemeralReplies.unknownSite(((SiteDirectory.Resolution.NotFound) noSite.resolution()).typed());
        }
        if (result instanceof EverydayQueries.History.SdxUnavailable unavailable) {
            return EphemeralReplies.sdxUnavailable(unavailable.reason());
        }
        return EphemeralReplies.requesterMembershipUnknown();
    }

    private static String trail(ReadAuditTrail.Result result) {
        if (result instanceof ReadAuditTrail.Result.Trail trail) {
            return AuditReplies.trail(trail.request(), trail.events());
        }
        if (result instanceof ReadAuditTrail.Result.NotFound notFound) {
            return AuditReplies.notFound(notFound.code());
        }
        if (result instanceof ReadAuditTrail.Result.NotAllowed notAllowed) {
            return AuditReplies.notAllowed(notAllowed.request());
        }
        return AuditReplies.membershipUnknown();
    }

    private static String freezes(FreezeChanges.Result result) {
        if (result instanceof FreezeChanges.Result.Started started) {
            return EphemeralReplies.freezeStarted(started.freeze());
        }
        if (result instanceof FreezeChanges.Result.Lifted lifted) {
            return EphemeralReplies.freezesLifted(lifted.freezes());
        }
        if (result instanceof FreezeChanges.Result.NoSuchFreeze none) {
            return EphemeralReplies.noSuchFreeze(none.id());
        }
        if (result instanceof FreezeChanges.Result.NotAnAdmin notAdmin) {
            return EphemeralReplies.notAnAdmin(notAdmin.admins());
        }
        if (result instanceof FreezeChanges.Result.TooLong tooLong) {
            return EphemeralReplies.freezeTooLong(tooLong.longest());
        }
        return EphemeralReplies.adminMembershipUnknown();
    }

    private static String text(RequestChange.Result result) {
        if (result instanceof RequestChange.Result.Created created) {
            return EphemeralReplies.sentForApproval(created.request());
        }
        if (result instanceof RequestChange.Result.ScriptTooLong tooLong) {
            return EphemeralReplies.scriptTooLong(tooLong.length(), tooLong.max());
        }
        if (result instanceof RequestChange.Result.UnknownSite unknown) {
            return EphemeralReplies.unknownSite(unknown.typed());
        }
        if (result instanceof RequestChange.Result.AmbiguousSite ambiguous) {
            return EphemeralReplies.ambiguousSite(ambiguous.typed(), ambiguous.candidates());
        }
        if (result instanceof RequestChange.Result.Refused refused) {
            return refusal(refused.site(), refused.verdict());
        }
        if (result instanceof RequestChange.Result.PreflightFailed failed) {
            return EphemeralReplies.preflightFailed(failed.errors(), failed.total());
        }
        return EphemeralReplies.sdxUnavailable(((RequestChange.Result.SdxUnavailable) result).reason());
    }

    private static String refusal(Site site, ChangePolicy.RequestVerdict verdict) {
        if (verdict instanceof ChangePolicy.RequestVerdict.NoRule noRule) {
            return EphemeralReplies.noRule(noRule.channelId(), site, noRule.admins());
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.NotARequester notARequester) {
            return EphemeralReplies.notARequester(notARequester.rule());
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.Denied denied) {
            return EphemeralReplies.denied(denied.rule(), denied.reason());
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.Frozen frozen) {
            return EphemeralReplies.frozen(site, frozen.freeze());
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.ReasonRequired required) {
            return EphemeralReplies.reasonRequired(required.rule());
        }
        return EphemeralReplies.requesterMembershipUnknown();
    }

    private static String failed(Throwable error) {
        LOG.errorf("could not create a change request: %s", WorkerPools.oneLine(error));
        return EphemeralReplies.notSaved();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
