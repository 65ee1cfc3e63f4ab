package sdx.chatops.approval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The questions engineers ask between changes: which sites are there ({@code /sdx sites}), what waits
 * for my approval ({@code /sdx pending}, App Home), what ran on this router ({@code /sdx history}),
 * what did I ask for lately (App Home). Read-only; each answer honours the policy.
 */
@ApplicationScoped
public class EverydayQueries {

    /** How many pending requests are looked at for one person's "waiting for you". */
    static final int PENDING_SCAN = 200;

    /** A site as listed: with the rule that covers it from the asking channel, if any. */
    public record ListedSite(Site site, String ruleName) {
    }

    public sealed interface History {
        record Requests(Site site, List<ChangeRequest> requests) implements History {
        }

        record NotAllowed(Site site) implements History {
        }

        record MembershipUnknown() implements History {
        }

        /** The site could not be resolved: the resolution says why. */
        record NoSite(SiteDirectory.Resolution resolution) implements History {
        }

        record SdxUnavailable(String reason) implements History {
        }
    }

    private final SdxJobs sdx;
    private final SiteDirectory sites;
    private final RequestStore store;
    private final ChangePolicy policy;
    private final RequestVisibility visibility;

    @Inject
    public EverydayQueries(SdxJobs sdx, SiteDirectory sites, RequestStore store, ChangePolicy policy,
            RequestVisibility visibility) {
        this.sdx = sdx;
        this.sites = sites;
        this.store = store;
        this.policy = policy;
        this.visibility = visibility;
    }

    /** Sites whose name or UUID contains {@code filter} (any case), by name, with the rule covering each here. */
    public List<ListedSite> sites(String channelId, String filter) throws SdxUnavailableException {
        String wanted = filter == null ? "" : filter.trim().toLowerCase(Locale.ROOT);
        List<ListedSite> listed = new ArrayList<>();
        for (Site site : sdx.sites()) {
            String name = site.name() == null ? "" : site.name();
            if (wanted.isEmpty() || name.toLowerCase(Locale.ROOT).contains(wanted) || site.id().contains(wanted)) {
                listed.add(new ListedSite(site, policy.ruleFor(channelId, site).map(PolicyRule::name).orElse(null)));
            }
        }
        listed.sort((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(String.valueOf(a.site().name()),
                String.valueOf(b.site().name())));
        return listed;
    }

    /** Pending requests this person may approve now and has not approved yet, oldest first. */
    public List<ChangeRequest> waitingFor(String userId) {
        List<ChangeRequest> waiting = new ArrayList<>();
        for (ChangeRequest request : store.pending(PENDING_SCAN)) {
            if (!request.approvals().contains(userId) && policy.mayDecide(request, userId,
                    true) instanceof ChangePolicy.DecisionVerdict.Allowed) {
                waiting.add(request);
            }
        }
        return waiting;
    }

    /** This person's latest requests, newest first. */
    public List<ChangeRequest> recentOf(String userId, int limit) {
        return store.recentByRequester(userId, limit);
    }

    /** The last {@code limit} requests on a site, for someone the site's rule lets ask or approve from here. */
    public History history(String channelId, String userId, String typedSite, int limit) {
        SiteDirectory.Resolution resolution;
        try {
            resolution = sites.resolve(typedSite);
        } catch (SdxUnavailableException e) {
            return new History.SdxUnavailable(e.getMessage());
        }
        if (!(resolution instanceof SiteDirectory.Resolution.Found found)) {
            return new History.NoSite(resolution);
        }
        Site site = found.site();
        return switch (visibility.maySeeSite(channelId, site, userId)) {
            case MEMBER -> new History.Requests(site, store.recentOnSite(site.id(), limit));
            case UNKNOWN -> new History.MembershipUnknown();
            case NOT_A_MEMBER -> new History.NotAllowed(site);
        };
    }

    public Optional<ChangeRequest> find(String code) {
        return store.findByCode(code.trim().toUpperCase(Locale.ROOT));
    }
}
