package sdx.chatops.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.sdx.SdxUnavailableException;
import sdx.chatops.sdx.Site;
import sdx.chatops.sdx.SiteDirectory;
import sdx.chatops.store.ChangeRequestStore;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxKind;
import sdx.chatops.store.OutboxStore;
import sdx.chatops.work.OutboxSignal;

/**
 * An engineer asks to run a script on a site: check it, find the site, store the request as
 * PENDING and, in the same transaction, the approval message for the channel.
 */
@ApplicationScoped
public class RequestChange {

    private static final Logger LOG = Logger.getLogger(RequestChange.class);
    private static final char[] CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    /** Who asks, where, for what; text already unescaped. */
    public record Ask(String teamId, String channelId, String channelName, String requesterId, String requesterName,
            String site, String script, String responseUrl) {
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
    private final Database db;
    private final ChangeRequestStore requests;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final ChatopsConfig config;
    private final Clock clock;

    @Inject
    public RequestChange(SiteDirectory sites, Database db, ChangeRequestStore requests, OutboxStore outbox,
            OutboxSignal signal, ChatopsConfig config, Clock clock) {
        this.sites = sites;
        this.db = db;
        this.requests = requests;
        this.outbox = outbox;
        this.signal = signal;
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
        ChangeRequest request = new ChangeRequest(UUID.randomUUID().toString(), newCode(), ask.teamId(), ask.channelId(),
                ask.channelName(), ask.requesterId(), ask.requesterName(), site, ask.script(),
                new JobOptions(defaults.makeBackup(), defaults.expressExecute(), defaults.needsAcknowledgement()),
                RequestState.PENDING, null, null, null, null, null, null, null, now, null, 0, ask.responseUrl());
        db.inTransaction(c -> {
            requests.insert(c, request);
            outbox.enqueue(c, request.id(), OutboxKind.APPROVAL_MESSAGE, null, now);
            return null;
        });
        signal.wake();
        LOG.infof("request %s created: requester=%s channel=%s site=%s", request.code(), ask.requesterId(),
                ask.channelId(), site.id());
        return new Result.Created(request);
    }

    /** A short reference people can say out loud and SDX shows in its log, e.g. {@code SDX-7F3K2Q}. */
    static String newCode() {
        SecureRandom random = new SecureRandom();
        StringBuilder code = new StringBuilder("SDX-");
        for (int i = 0; i < 6; i++) {
            code.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
        }
        return code.toString();
    }
}
