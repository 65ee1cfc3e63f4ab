package sdx.chatops.slack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;

import sdx.chatops.approval.RequestChange;
import sdx.chatops.approval.RequestLog;
import sdx.chatops.config.ChatopsConfig;
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
    private final WorkerPools pools;
    private final SlackResponder responder;
    private final ChatopsConfig config;

    @Inject
    public SdxSlashCommand(RequestChange requestChange, WorkerPools pools, SlackResponder responder, ChatopsConfig config) {
        this.requestChange = requestChange;
        this.pools = pools;
        this.responder = responder;
        this.config = config;
    }

    @Override
    public Response apply(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        SdxCommand command = SdxCommandParser.parse(p.getText());
        if (command instanceof SdxCommand.Help help) {
            return ctx.ack(EphemeralReplies.usage(help.problem()));
        }
        SdxCommand.Queue queue = (SdxCommand.Queue) command;
        RequestChange.Ask ask = new RequestChange.Ask(p.getTeamId(), blankToNull(p.getEnterpriseId()), p.getChannelId(),
                p.getChannelName(), p.getUserId(), p.getUserName(), queue.site(), queue.script(), p.getResponseUrl());
        CompletableFuture<String> reply;
        try {
            reply = CompletableFuture.supplyAsync(() -> {
                try (RequestLog log = RequestLog.of(ask.channelId(), ask.requesterId())) {
                    return requestChange.request(ask);
                }
            }, pools.interactions())
                    .handle((result, error) -> error == null ? text(result) : failed(error));
        } catch (RejectedExecutionException e) {
            return ctx.ack(EphemeralReplies.busy());
        }
        try {
            return ctx.ack(reply.get(config.slack().ackBudget().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            reply.thenAccept(text -> responder.ephemeral(p.getResponseUrl(), text));
            return ctx.ack(EphemeralReplies.stillChecking(queue.site()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ctx.ack(EphemeralReplies.busy());
        } catch (ExecutionException e) {
            return ctx.ack(failed(e.getCause()));
        }
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
        return EphemeralReplies.sdxUnavailable(((RequestChange.Result.SdxUnavailable) result).reason());
    }

    private static String failed(Throwable error) {
        LOG.errorf("could not create a change request: %s", WorkerPools.oneLine(error));
        return EphemeralReplies.notSaved();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
