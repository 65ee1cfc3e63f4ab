package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;

/**
 * An engineer asks to run a script on a site: check it, find the site, store the request as
 * PENDING and, in the same transaction, its first audit event and the approval message for the channel.
 */
@ApplicationScoped
public class RequestChange {

    private static final Logger LOG = Logger.getLogger(RequestChange.class);
    /** Codes are drawn again on a clash; with 2^30 codes, five clashes in a row mean something else is wrong. */
    static final int CODE_ATTEMPTS = 5;

    /** Who asks, where, for what; text already unescaped. */
    public record Ask(String teamId, String enterpriseId, String channelId, String channelName, String requesterId,
            String requesterName, String site, String script, String responseUrl) {
    }

    public sealed interface Result {
        record Created(ChangeRequest request) implements Result {
        }

        record ScriptTooLong(int length, int max) implements Result {
        }

        record UnknownSite(String typed) implements Result {
        }

        record AmbiguousSite(String typed, List<Site> candidates) implements Result {
        }

        record SdxUnavailable(String reason) implements Result {
        }
    }

    private final SiteDirectory sites;
    private final RequestStore store;
    private final RequestCodes codes;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public RequestChange(SiteDirectory sites, RequestStore store, RequestCodes codes, ChatopsConfig config, Clock clock) {
        this.sites = sites;
        this.store = store;
        this.codes = codes;
        this.config = config;
        this.clock = clock;
    }

    public Result request(Ask ask) {
        int length = ask.script().codePointCount(0, ask.script().length());
        int max = config.sdx().maxScriptLength();
        if (length > max) {
            return new Result.ScriptTooLong(length, max);
        }
        SiteDirectory.Resolution resolution;
        try {
            resolution = sites.resolve(ask.site());
        } catch (SdxUnavailableException e) {
            return new Result.SdxUnavailable(e.getMessage());
        }
        if (resolution instanceof SiteDirectory.Resolution.NotFound notFound) {
            return new Result.UnknownSite(notFound.typed());
        }
        if (resolution instanceof SiteDirectory.Resolution.Ambiguous ambiguous) {
            return new Result.AmbiguousSite(ambiguous.typed(), ambiguous.candidates());
        }
        Site site = ((SiteDirectory.Resolution.Found) resolution).site();
        Instant now = clock.instant();
        var defaults = config.sdx().jobDefaults();
        JobOptions options = new JobOptions(defaults.makeBackup(), defaults.expressExecute(), defaults.needsAcknowledgement());
        String id = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
            ChangeRequest request = new ChangeRequest(id, codes.next(), ask.teamId(), ask.enterpriseId(), ask.channelId(),
                    ask.channelName(), ask.requesterId(), ask.requesterName(), site, ask.script(), options,
                    RequestState.PENDING, null, null, null, null, null, null, null, now, null, 0, ask.responseUrl());
            Transition created = Transition.of(id, EventKind.CREATED, ask.requesterId(), now).to(RequestState.PENDING)
                    .detail("channel", ask.channelId()).detail("site_name", site.name())
                    .detail("script_length", length).detail("make_backup", options.makeBackup())
                    .detail("express_execute", options.expressExecute())
                    .detail("needs_acknowledgement", options.needsAcknowledgement())
                    .notify(new Notice.ApprovalMessage());
            if (store.create(request, created)) {
                try (RequestLog log = RequestLog.of(request)) {
                    LOG.infof("request %s created: requester=%s channel=%s site=%s", request.code(), ask.requesterId(),
                            ask.channelId(), site.id());
                }
                return new Result.Created(request);
            }
            LOG.infof("request code %s is taken; drawing another", request.code());
        }
        throw new IllegalStateException("no free request code after " + CODE_ATTEMPTS + " attempts");
    }
}
