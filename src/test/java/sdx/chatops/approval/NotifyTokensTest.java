package sdx.chatops.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class NotifyTokensTest {

    @Test
    void tokenCarriesTwoHundredFiftySixBitsInUrlSafeBase64() {
        String token = NotifyTokens.newToken();
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    }

    @Test
    void tokensDiffer() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            tokens.add(NotifyTokens.newToken());
        }
        assertThat(tokens).hasSize(100);
    }

    @Test
    void hashIsLowercaseHexSha256AndStable() {
        String token = NotifyTokens.newToken();
        assertThat(NotifyTokens.hash(token)).matches("[0-9a-f]{64}").isEqualTo(NotifyTokens.hash(token));
        assertThat(NotifyTokens.hash(token)).isNotEqualTo(NotifyTokens.hash(NotifyTokens.newToken()));
    }

    @Test
    void hashIsSha256OfTheTokensUtf8Bytes() {
        // sha256("abc"), FIPS 180-2 test vector.
        assertThat(NotifyTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
