package sdx.chatops.approval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns what an engineer typed (a site UUID or an SDX site name) into one site, using SDX's site
 * list (which the SDX adapter keeps briefly, so a burst of commands costs one call).
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

    private final SdxJobs sdx;

    @Inject
    public SiteDirectory(SdxJobs sdx) {
        this.sdx = sdx;
    }

    public Resolution resolve(String typed) throws SdxUnavailableException {
        return resolve(typed, sdx.sites());
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
                ? sites.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)))
                        .toList()
                : exact;
        if (matches.isEmpty()) {
            return new Resolution.NotFound(wanted);
        }
        return matches.size() == 1 ? new Resolution.Found(matches.get(0)) : new Resolution.Ambiguous(wanted, matches);
    }
}
