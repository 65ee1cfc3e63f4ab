package sdx.chatops.sdx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import sdx.chatops.sdx.SiteDirectory.Resolution;

/**
 * The pure resolution only. The cache in {@code resolve(String)} is not covered here: {@link SdxClient}
 * is a concrete class whose constructor builds a Quarkus REST client, which refuses to build outside
 * a running Quarkus application, so it cannot be stubbed in a plain unit test.
 */
class SiteDirectoryTest {

    private static final Site CORE = new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "core-rtr-01", true);
    private static final Site BRANCH = new Site("5f9475ef-565f-5d10-8a86-4c7f5fdb2687", "Branch Office 1", false);
    private static final Site BRANCH_LOWER = new Site("0d3c5e52-3b0a-4c4f-9f0e-1d2a3b4c5d6e", "branch office 1", true);
    private static final Site EDGE = new Site("11111111-2222-3333-4444-555555555555", "edge", true);
    private static final Site EDGE_TWIN = new Site("66666666-7777-8888-9999-aaaaaaaaaaaa", "edge", true);
    private static final Site EDGE_LONGER = new Site("bbbbbbbb-cccc-dddd-eeee-ffffffffffff", "edge-2", true);

    private static final List<Site> SITES = List.of(CORE, BRANCH, BRANCH_LOWER, EDGE_LONGER);

    @Test
    void uuidFindsTheSite() {
        assertThat(SiteDirectory.resolve(CORE.id(), SITES)).isEqualTo(new Resolution.Found(CORE));
    }

    @Test
    void uuidMatchesIgnoringCase() {
        assertThat(SiteDirectory.resolve("9C69345C-8D39-4786-9F17-8153C988C89A", SITES)).isEqualTo(new Resolution.Found(CORE));
    }

    @Test
    void typedTextIsTrimmed() {
        assertThat(SiteDirectory.resolve("  core-rtr-01 ", SITES)).isEqualTo(new Resolution.Found(CORE));
    }

    @Test
    void unknownUuidIsNotFound() {
        assertThat(SiteDirectory.resolve("00000000-0000-0000-0000-000000000000", SITES))
                .isEqualTo(new Resolution.NotFound("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void uuidShapedTextIsLookedUpOnlyAsAnId() {
        Site namedLikeAUuid = new Site("abcdefab-0000-0000-0000-000000000001", CORE.id().replace('9', '8'), true);
        assertThat(SiteDirectory.resolve(namedLikeAUuid.name(), List.of(namedLikeAUuid)))
                .isEqualTo(new Resolution.NotFound(namedLikeAUuid.name()));
    }

    @Test
    void exactNameFindsTheSite() {
        assertThat(SiteDirectory.resolve("Branch Office 1", SITES)).isEqualTo(new Resolution.Found(BRANCH));
        assertThat(SiteDirectory.resolve("branch office 1", SITES)).isEqualTo(new Resolution.Found(BRANCH_LOWER));
    }

    @Test
    void nameIgnoringCaseIsUsedOnlyWithoutExactMatch() {
        assertThat(SiteDirectory.resolve("CORE-RTR-01", SITES)).isEqualTo(new Resolution.Found(CORE));
    }

    @Test
    void caseInsensitiveMatchOfSeveralSitesIsAmbiguous() {
        assertThat(SiteDirectory.resolve("BRANCH OFFICE 1", SITES))
                .isEqualTo(new Resolution.Ambiguous("BRANCH OFFICE 1", List.of(BRANCH, BRANCH_LOWER)));
    }

    @Test
    void ambiguousNameListsEveryCandidate() {
        Resolution resolution = SiteDirectory.resolve("edge", List.of(CORE, EDGE, EDGE_TWIN, EDGE_LONGER));
        assertThat(resolution).isEqualTo(new Resolution.Ambiguous("edge", List.of(EDGE, EDGE_TWIN)));
    }

    @Test
    void nameThatIsAPrefixOfAnotherIsNotMatched() {
        assertThat(SiteDirectory.resolve("core", SITES)).isEqualTo(new Resolution.NotFound("core"));
        assertThat(SiteDirectory.resolve("edge", List.of(EDGE_LONGER))).isEqualTo(new Resolution.NotFound("edge"));
    }

    @Test
    void unknownNameIsNotFound() {
        assertThat(SiteDirectory.resolve("nowhere", SITES)).isEqualTo(new Resolution.NotFound("nowhere"));
        assertThat(SiteDirectory.resolve("nowhere", List.of())).isEqualTo(new Resolution.NotFound("nowhere"));
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-04-20T03:14:15Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void siteListIsFetchedOncePerTtlAndAgainAfterIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        SiteList sdx = () -> {
            calls.incrementAndGet();
            return List.of(new Site("9c69345c-8d39-4786-9f17-8153c988c89a", "core-rtr-01", true));
        };
        ManualClock clock = new ManualClock();
        SiteDirectory directory = new SiteDirectory(sdx, java.time.Duration.ofSeconds(60), clock);

        assertThat(directory.resolve("core-rtr-01")).isInstanceOf(Resolution.Found.class);
        clock.now = clock.now.plusSeconds(59);
        assertThat(directory.resolve("CORE-RTR-01")).isInstanceOf(Resolution.Found.class);
        assertThat(calls).hasValue(1);

        clock.now = clock.now.plusSeconds(2);
        assertThat(directory.resolve("core-rtr-01")).isInstanceOf(Resolution.Found.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void failedFetchIsNotCachedAndNamesTheProblem() {
        SiteList sdx = () -> {
            throw new SdxUnavailableException("SDX answered 503: SDX had an internal error");
        };
        SiteDirectory directory = new SiteDirectory(sdx, java.time.Duration.ofSeconds(60), new ManualClock());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> directory.resolve("core-rtr-01"))
                .isInstanceOf(SdxUnavailableException.class).hasMessageContaining("503");
    }
}
