package sdx.chatops.sdx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.config.ChatopsConfig;

/**
 * Turns what an engineer typed (a site UUID or an SDX site name) into one site, using the site list
 * from SDX, kept briefly so that a burst of commands costs one call.
 */
@ApplicationScoped
public class SiteDirectory {

    private static final Pattern UUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The answer to "which site is this?". */
    public sealed interface Resolution {
        record Found(Site site) implements Resolution {
        }

        record NotFound(String typed) implements Resolution {
        }

        record Ambiguous(String typed, List<Site> candidates) implements Resolution {
        }
    }

    private record Snapshot(List<Site> sites, Instant fetchedAt) {
    }

    private final SiteList sdx;
    private final Duration ttl;
    private final Clock clock;
    private volatile Snapshot snapshot;

    @Inject
    public SiteDirectory(SiteList sdx, ChatopsConfig config, Clock clock) {
        this(sdx, config.sdx().siteCacheTtl(), clock);
    }

    SiteDirectory(SiteList sdx, Duration ttl, Clock clock) {
        this.sdx = sdx;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Resolution resolve(String typed) throws SdxUnavailableException {
        return resolve(typed, sites());
    }

    /** Pure resolution over a site list: by UUID first, then by exact name, then ignoring case. */
    static Resolution resolve(String typed, List<Site> sites) {
        String wanted = typed.trim();
        if (UUID.matcher(wanted).matches()) {
            return sites.stream().filter(s -> s.id().equalsIgnoreCase(wanted)).findFirst()
                    .<Resolution> map(Resolution.Found::new).orElseGet(() -> new Resolution.NotFound(wanted));
        }
        List<Site> exact = sites.stream().filter(s -> s.name().equals(wanted)).toList();
        List<Site> matches = exact.isEmpty()
                ? sites.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))).toList()
                : exact;
        if (matches.isEmpty()) {
            return new Resolution.NotFound(wanted);
        }
        return matches.size() == 1 ? new Resolution.Found(matches.get(0)) : new Resolution.Ambiguous(wanted, matches);
    }

    private List<Site> sites() throws SdxUnavailableException {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.fetchedAt().plus(ttl).isAfter(now)) {
            return current.sites();
        }
        List<Site> fresh = sdx.sites();
        snapshot = new Snapshot(List.copyOf(fresh), now);
        return fresh;
    }
}
