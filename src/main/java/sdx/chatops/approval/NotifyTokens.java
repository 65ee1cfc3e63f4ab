package sdx.chatops.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The per-job secret in {@code notify_url}. SDX signs nothing, so the URL itself must be
 * unguessable: 256 random bits. Only a SHA-256 hash is stored; a leaked database does not let
 * anyone forge callbacks, and looking up by hash keeps the comparison free of timing leaks.
 */
public final class NotifyTokens {

    private NotifyTokens() {
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        // A new SecureRandom per token: a static one would be frozen into a native image's heap.
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
