package sdx.chatops.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request comes from Slack, over the raw bytes before anything parses them.
 * Replaces Bolt's verifier, which compares with {@code String.equals} (timing leak), accepts
 * timestamps from the future and hashes with the platform charset.
 */
public final class SlackSignatureVerifier {

    private static final String VERSION = "v0";

    private final byte[] signingSecret;
    private final Duration maxAge;
    private final Clock clock;
    /** One keyed MAC per thread: looking the algorithm up and keying it cost more than the hash of a request. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);

    public SlackSignatureVerifier(String signingSecret, Duration maxAge, Clock clock) {
        this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public boolean isValid(String timestampHeader, String signatureHeader, byte[] rawBody) {
        if (timestampHeader == null || signatureHeader == null || rawBody == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        // Two comparisons rather than Math.abs(now - timestamp), which overflows for extreme values.
        if (timestamp < now - maxAge.toSeconds() || timestamp > now + maxAge.toSeconds()) {
            return false;
        }
        byte[] expected = sign(timestampHeader.trim(), rawBody).getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell an attacker how many leading characters matched.
        return MessageDigest.isEqual(expected, signatureHeader.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code v0=} + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)), as Slack computes it. */
    public String sign(String timestamp, byte[] rawBody) {
        Mac mac = macs.get();
        // doFinal leaves the MAC reset with its key, ready for the next request on this thread.
        mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        mac.update(rawBody);
        return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
    }

    private Mac keyedMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
