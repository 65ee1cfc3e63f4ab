package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SitePatternTest {

    private static Site named(String name) {
        return new Site("9c69345c-8d39-4786-9f17-8153c988c89a", name, true);
    }

    @Test
    void globMatchesSdxNamesIgnoringCase() {
        SitePattern core = SitePattern.of("core-*");
        assertThat(core.matches(named("core-rtr-01"))).isTrue();
        assertThat(core.matches(named("CORE-RTR-02"))).isTrue();
        assertThat(core.matches(named("edge-core-1"))).isFalse();
        assertThat(SitePattern.of("branch-?").matches(named("branch-7"))).isTrue();
        assertThat(SitePattern.of("branch-?").matches(named("branch-17"))).isFalse();
        assertThat(SitePattern.of("rtr-[0-4][!0]").matches(named("rtr-31"))).isTrue();
        assertThat(SitePattern.of("rtr-[0-4][!0]").matches(named("rtr-30"))).isFalse();
        assertThat(SitePattern.of("*").matches(named("anything at all"))).isTrue();
    }

    @Test
    void regexCharactersInAGlobAreLiteral() {
        assertThat(SitePattern.of("a.b+(c)").matches(named("a.b+(c)"))).isTrue();
        assertThat(SitePattern.of("a.b").matches(named("axb"))).isFalse();
        assertThat(SitePattern.of("lab\\*").matches(named("lab*"))).isTrue();
        assertThat(SitePattern.of("lab\\*").matches(named("lab1"))).isFalse();
    }

    @Test
    void uuidMatchesTheSiteIdOnly() {
        SitePattern uuid = SitePattern.of("9C69345C-8D39-4786-9F17-8153C988C89A");
        assertThat(uuid.isUuid()).isTrue();
        assertThat(uuid.matches(named("whatever"))).isTrue();
        assertThat(uuid.matches(new Site("11111111-2222-3333-4444-555555555555", "9c69345c-8d39-4786-9f17-8153c988c89a",
                true))).isFalse();
    }

    @Test
    void badGlobsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SitePattern.of("core-[")).hasMessageContaining("has a [ without its ]");
        assertThatThrownBy(() -> SitePattern.of("core\\")).hasMessageContaining("ends with a lone \\");
        assertThatThrownBy(() -> SitePattern.of(" ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> SitePattern.of("[!]")).hasMessageContaining("[");
    }
}
