package sdx.chatops.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.slack.api.app_backend.interactive_components.payload.BlockSuggestionPayload;
import com.slack.api.app_backend.interactive_components.response.Option;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.context.builtin.BlockSuggestionContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockSuggestionRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;

import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.approval.ChangePolicy;
import sdx.chatops.approval.JobChoices;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.RequestChange;
import sdx.chatops.approval.RequestLog;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.approval.Site;
import sdx.chatops.approval.SiteDirectory;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.workers.WorkerPools;

/**
 * The request modal: opened by {@code /sdx}, {@code /sdx queue} or {@code /sdx queue <site>} with the
 * command's trigger_id (valid 3 seconds), its site picker served from SDX's site list, and its
 * submission, checked exactly as the slash command is. Problems come back as errors on the fields,
 * keeping the modal open; a valid request closes it and the approval message appears in the channel.
 */
@ApplicationScoped
public class RequestModalHandlers {

    private static final Logger LOG = Logger.getLogger(RequestModalHandlers.class);

    private final MethodsClient slack;
    private final SdxJobs sdx;
    private final SiteDirectory sites;
    private final RequestChange requestChange;
    private final WorkerPools pools;
    private final ChatopsConfig config;

    private final MeterRegistry registry;

    @Inject
    public RequestModalHandlers(MethodsClient slack, SdxJobs sdx, SiteDirectory sites, RequestChange requestChange,
            WorkerPools pools, ChatopsConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.slack = slack;
        this.sdx = sdx;
        this.sites = sites;
        this.requestChange = requestChange;
        this.pools = pools;
        this.config = config;
    }

    /** Opens the modal; false when Slack would not (the caller then answers with the usage). */
    public boolean open(SlashCommandPayload p, String typedSite) {
        if (p.getTriggerId() == null || p.getTriggerId().isBlank()) {
            return false;
        }
        RequestModal.Origin origin = new RequestModal.Origin(p.getTeamId(), blankToNull(p.getEnterpriseId()),
                p.getChannelId(), SlackText.channelName(p.getChannelName()));
        var defaults = config.sdx().jobDefaults();
        var view = RequestModal.view(origin, preselected(typedSite),
                new JobOptions(defaults.makeBackup(), defaults.expressExecute(), defaults.needsAcknowledgement()),
                config.sdx().maxScriptLength());
        try {
            var response = slack.viewsOpen(r -> r.triggerId(p.getTriggerId()).view(view));
            if (!response.isOk()) {
                LOG.warnf("Slack refused to open the request modal: %s", response.getError());
            }
            return response.isOk();
        } catch (Exception e) {
            LOG.warnf("could not open the request modal: %s", WorkerPools.oneLine(e));
            return false;
        }
    }

    /** The site the command named, when the cached list knows exactly one. */
    private Site preselected(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return sites.resolve(typed) instanceof SiteDirectory.Resolution.Found found ? found.site() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The picker's options: sites whose name contains what was typed, at most 100. */
    public Response suggest(BlockSuggestionRequest req, BlockSuggestionContext ctx) {
        BlockSuggestionPayload p = req.getPayload();
        String typed = p.getValue() == null ? "" : p.getValue().trim().toLowerCase(Locale.ROOT);
        List<Option> options;
        try {
            options = sdx.sites().stream()
                    .filter(s -> typed.isEmpty() || String.valueOf(s.name()).toLowerCase(Locale.ROOT).contains(typed)
                            || s.id().startsWith(typed))
                    .sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(String.valueOf(a.name()), String.valueOf(b.name())))
                    .limit(RequestModal.MOST_OPTIONS).map(RequestModal::suggestion).toList();
        } catch (Exception e) {
            LOG.warnf("no site list for the picker: %s", WorkerPools.oneLine(e));
            options = List.of();
        }
        List<Option> answer = options;
        return ctx.ack(r -> r.options(answer));
    }

    public Response submit(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
        ViewSubmissionPayload p = req.getPayload();
        String user = p.getUser().getId();
        RequestModal.Origin origin = RequestModal.origin(p.getView().getPrivateMetadata());
        if (origin == null) {
            return ctx.ackWithErrors(Map.of(RequestModal.SITE, "This form lost the channel it came from. Close it and"
                    + " open it again with /sdx."));
        }
        RequestModal.Submitted submitted = RequestModal.submitted(p.getView().getState().getValues());
        Map<String, String> errors = new LinkedHashMap<>();
        if (submitted.siteId() == null) {
            errors.put(RequestModal.SITE, "Pick a site.");
        }
        if (submitted.script() == null || submitted.script().isBlank()) {
            errors.put(RequestModal.SCRIPT, "Write the RouterOS script to run.");
        }
        if (!errors.isEmpty()) {
            return ctx.ackWithErrors(errors);
        }
        JobOptions ticked = submitted.options();
        RequestChange.Ask ask = new RequestChange.Ask(origin.teamId(), origin.enterpriseId(), origin.channelId(),
                SlackText.channelName(origin.channelName()), user, p.getUser().getUsername(), submitted.siteId(),
                submitted.script(), null, null,
                submitted.reason(),
                new JobChoices(ticked.makeBackup(), ticked.expressExecute(), ticked.needsAcknowledgement()));
        CompletableFuture<RequestChange.Result> result;
        try {
            result = CompletableFuture.supplyAsync(() -> {
                try (RequestLog log = RequestLog.of(origin.channelId(), user)) {
                    return RefusalCount.of(registry, "form", requestChange.request(ask));
                }
            }, pools.interactions());
        } catch (RejectedExecutionException e) {
            BotMetrics.refused(registry, "form", "busy");
            return ctx.ackWithErrors(Map.of(RequestModal.SCRIPT, "I'm handling too many requests right now. Try again in a"
                    + " minute."));
        }
        try {
            Map<String, String> refused = errors(result.get(config.slack().ackBudget().toMillis(), TimeUnit.MILLISECONDS));
            return refused.isEmpty() ? ctx.ack() : ctx.ackWithErrors(refused);
        } catch (TimeoutException e) {
            // Slack allows 3 seconds: close the form; the outcome follows as a private message in the channel.
            result.thenAccept(late -> tellLater(origin.channelId(), user, late));
            return ctx.ack();
        } catch (Exception e) {
            LOG.errorf("could not create a change request from the form: %s", WorkerPools.oneLine(e));
            return ctx.ackWithErrors(Map.of(RequestModal.SCRIPT, "I could not save the request. Nothing was queued; try"
                    + " again in a minute."));
        }
    }

    /** The field errors for a result; empty when the request was created. */
    static Map<String, String> errors(RequestChange.Result result) {
        if (result instanceof RequestChange.Result.Created) {
            return Map.of();
        }
        if (result instanceof RequestChange.Result.ScriptTooLong tooLong) {
            return Map.of(RequestModal.SCRIPT, "The script is " + tooLong.length() + " characters; SDX accepts at most "
                    + tooLong.max() + ".");
        }
        if (result instanceof RequestChange.Result.UnknownSite) {
            return Map.of(RequestModal.SITE, "SDX no longer has this site. Pick another.");
        }
        if (result instanceof RequestChange.Result.AmbiguousSite) {
            return Map.of(RequestModal.SITE, "Several sites match; pick one from the list.");
        }
        if (result instanceof RequestChange.Result.SdxUnavailable unavailable) {
            return Map.of(RequestModal.SITE, "I could not check the site with SDX (" + unavailable.reason()
                    + "). Try again in a minute.");
        }
        if (result instanceof RequestChange.Result.Refused refused) {
            return refusal(refused.site(), refused.verdict());
        }
        if (result instanceof RequestChange.Result.PreflightFailed failed) {
            // Field errors are plain text and short: the first problems, with where they are.
            String first = failed.errors().stream().limit(3).map(e -> "line " + e.line() + ", column " + e.column() + ": "
                    + e.message().replace("`", "")).collect(java.util.stream.Collectors.joining("; "));
            return Map.of(RequestModal.SCRIPT, "The script cannot run as written: " + first
                    + (failed.total() > 3 ? "; and " + (failed.total() - 3) + " more." : "."));
        }
        return Map.of(RequestModal.SCRIPT, "The request was not accepted.");
    }

    private static Map<String, String> refusal(Site site, ChangePolicy.RequestVerdict verdict) {
        if (verdict instanceof ChangePolicy.RequestVerdict.NoRule) {
            return Map.of(RequestModal.SITE, "No policy rule allows changes to " + site.name() + " from this channel. Ask an"
                    + " admin.");
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.NotARequester notARequester) {
            return Map.of(RequestModal.SITE, "Rule \"" + notARequester.rule().name() + "\" does not let you request"
                    + " changes here.");
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.Denied denied) {
            return Map.of(RequestModal.SCRIPT, "Refused by rule \"" + denied.rule().name() + "\": " + denied.reason() + ".");
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.ReasonRequired required) {
            return Map.of(RequestModal.REASON, "Rule \"" + required.rule().name() + "\" needs a reason or ticket.");
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.Frozen frozen) {
            return Map.of(RequestModal.SITE, site.name() + " is in a change freeze until " + frozen.freeze().endsAt() + ": "
                    + frozen.freeze().reason() + ". For an emergency use /sdx queue --emergency.");
        }
        return Map.of(RequestModal.SITE, "I could not read the requester groups from Slack. Try again in a minute.");
    }

    private void tellLater(String channel, String user, RequestChange.Result result) {
        String text = result instanceof RequestChange.Result.Created created
                ? EphemeralReplies.sentForApproval(created.request())
                : ":warning: Your request from the form was not queued: " + SlackText.escape(String.join(" ",
                        errors(result).values()));
        try {
            slack.chatPostEphemeral(r -> r.channel(channel).user(user).text(text));
        } catch (Exception e) {
            LOG.warnf("could not tell the requester privately: %s", WorkerPools.oneLine(e));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
