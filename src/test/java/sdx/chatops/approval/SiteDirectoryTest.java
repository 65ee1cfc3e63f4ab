package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import sdx.chatops.approval.SiteDirectory.Resolution;

/** Resolution of what an engineer typed; the site list's cache is the SDX adapter's (StaleOnFailureTest). */
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
}
