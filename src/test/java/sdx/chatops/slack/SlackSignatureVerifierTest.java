package sdx.chatops.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SlackSignatureVerifierTest {

    /** Slack's worked example from "Verifying requests from Slack". */
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_TIMESTAMP = "1531420618";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static final long NOW = 1_531_420_618L;
    private static final String SECRET = "test-signing-secret";

    private static SlackSignatureVerifier verifierAt(String secret, long epochSecond) {
        return new SlackSignatureVerifier(secret, Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    /** Computed here, independently of the class under test. */
    private static String slackSignature(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void slacksDocumentedExampleIsAccepted() {
        SlackSignatureVerifier verifier = verifierAt(SLACK_SECRET, NOW);
        assertThat(verifier.sign(SLACK_TIMESTAMP, bytes(SLACK_BODY))).isEqualTo(SLACK_SIGNATURE);
        assertThat(verifier.isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, bytes(SLACK_BODY))).isTrue();
    }

    @Test
    void bodySignedAsSlackSignsIsAccepted() throws Exception {
        byte[] body = bytes("command=%2Fsdx&text=queue+core-rtr-01+%3Aput+1&user_id=U1");
        String signature = slackSignature(SECRET, Long.toString(NOW), body);
        assertThat(verifierAt(SECRET, NOW).sign(Long.toString(NOW), body)).isEqualTo(signature);
        assertThat(verifierAt(SECRET, NOW).isValid(Long.toString(NOW), signature, body)).isTrue();
    }

    @Test
    void verifierUsedForManyRequestsOnManyThreadsChecksEachOnItsOwn() throws Exception {
        SlackSignatureVerifier verifier = verifierAt(SECRET, NOW);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] body = bytes("text=request+" + i);
                String good = slackSignature(SECRET, String.valueOf(NOW), body);
                String bad = slackSignature(SECRET, String.valueOf(NOW), bytes("text=request+" + (i + 1)));
                // Rejected and accepted requests interleave on each thread: nothing of one is left in the next.
                checks.add(threads.submit(() -> !verifier.isValid(String.valueOf(NOW), bad, body)
                        && verifier.isValid(String.valueOf(NOW), good, body)));
            }
            for (java.util.concurrent.Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void signatureMadeWithAnotherSecretIsRejected() throws Exception {
        byte[] body = bytes(SLACK_BODY);
        String signature = slackSignature("another-secret", SLACK_TIMESTAMP, body);
        assertThat(verifierAt(SLACK_SECRET, NOW).isValid(SLACK_TIMESTAMP, signature, body)).isFalse();
    }

    @Test
    void oneChangedBodyByteIsRejected() {
        byte[] body = bytes(SLACK_BODY);
        body[body.length - 1] ^= 1;
        assertThat(verifierAt(SLACK_SECRET, NOW).isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, body)).isFalse();
    }

    @Test
    void signatureOverAnotherTimestampIsRejected() throws Exception {
        byte[] body = bytes(SLACK_BODY);
        String signature = slackSignature(SLACK_SECRET, Long.toString(NOW - 1), body);
        assertThat(verifierAt(SLACK_SECRET, NOW).isValid(SLACK_TIMESTAMP, signature, body)).isFalse();
    }

    @Test
    void missingHeadersOrBodyAreRejected() {
        SlackSignatureVerifier verifier = verifierAt(SLACK_SECRET, NOW);
        assertThat(verifier.isValid(null, SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, null, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, null)).isFalse();
        assertThat(verifier.isValid("", SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, "", bytes(SLACK_BODY))).isFalse();
    }

    @Test
    void nonNumericTimestampIsRejected() {
        SlackSignatureVerifier verifier = verifierAt(SLACK_SECRET, NOW);
        assertThat(verifier.isValid("1531420618abc", SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid("now", SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid("1.5314206e9", SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
    }

    @Test
    void timestampMoreThanFiveMinutesInThePastIsRejected() {
        assertThat(verifierAt(SLACK_SECRET, NOW + 301).isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
    }

    @Test
    void timestampMoreThanFiveMinutesInTheFutureIsRejected() {
        assertThat(verifierAt(SLACK_SECRET, NOW - 301).isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, bytes(SLACK_BODY))).isFalse();
    }

    @Test
    void timestampExactlyFiveMinutesAwayIsAcceptedInBothDirections() {
        assertThat(verifierAt(SLACK_SECRET, NOW + 300).isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, bytes(SLACK_BODY))).isTrue();
        assertThat(verifierAt(SLACK_SECRET, NOW - 300).isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE, bytes(SLACK_BODY))).isTrue();
    }

    @Test
    void signatureInAnotherCaseOrWithAnotherPrefixIsRejected() {
        SlackSignatureVerifier verifier = verifierAt(SLACK_SECRET, NOW);
        String hex = SLACK_SIGNATURE.substring(3);
        assertThat(verifier.isValid(SLACK_TIMESTAMP, "v0=" + hex.toUpperCase(Locale.ROOT), bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, "V0=" + hex, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, "v1=" + hex, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, hex, bytes(SLACK_BODY))).isFalse();
        assertThat(verifier.isValid(SLACK_TIMESTAMP, SLACK_SIGNATURE.substring(0, SLACK_SIGNATURE.length() - 1),
                bytes(SLACK_BODY)))
                        .isFalse();
    }

    @Test
    void nonAsciiBodyIsVerifiedOverItsRawUtf8Bytes() throws Exception {
        byte[] body = bytes("command=%2Fsdx&text=café ☕&user_id=U1");
        assertThat(body).hasSize(new String(body, StandardCharsets.UTF_8).length() + 1 + 2); // é: 2 bytes, ☕: 3 bytes
        String signature = slackSignature(SECRET, Long.toString(NOW), body);
        assertThat(verifierAt(SECRET, NOW).isValid(Long.toString(NOW), signature, body)).isTrue();
        // The same text in ISO-8859-1 bytes is another body.
        byte[] latin1 = "command=%2Fsdx&text=café&user_id=U1".getBytes(StandardCharsets.ISO_8859_1);
        String utf8Signature = slackSignature(SECRET, Long.toString(NOW), bytes("command=%2Fsdx&text=café&user_id=U1"));
        assertThat(verifierAt(SECRET, NOW).isValid(Long.toString(NOW), utf8Signature, latin1)).isFalse();
    }

    @Test
    void absurdlyOldTimestampIsRejectedEvenWhenTheSubtractionOverflows() throws Exception {
        String timestamp = Long.toString(NOW + Long.MIN_VALUE);
        byte[] body = bytes(SLACK_BODY);
        String signature = slackSignature(SLACK_SECRET, timestamp, body);
        assertThat(verifierAt(SLACK_SECRET, NOW).isValid(timestamp, signature, body)).isFalse();
    }
}
