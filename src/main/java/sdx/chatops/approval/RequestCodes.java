package sdx.chatops.approval;

import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Short references people can say out loud and SDX shows in its log, e.g. {@code SDX-7F3K2Q}: 30 bits
 * from an alphabet without look-alikes. Random, so they may clash; {@link RequestChange} then draws
 * again, and the store's unique index has the last word.
 */
@ApplicationScoped
public class RequestCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    public String next() {
        // A new SecureRandom per code: a static one would be frozen into a native image's heap.
        SecureRandom random = new SecureRandom();
        StringBuilder code = new StringBuilder("SDX-");
        for (int i = 0; i < 6; i++) {
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }
}
