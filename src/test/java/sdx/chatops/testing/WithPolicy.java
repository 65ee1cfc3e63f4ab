package sdx.chatops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bot with a policy file ({@code SDX_POLICY_FILE}) written for the policy flows: rules with two
 * approvals, requesters, deny and warn patterns and a forced backup (core-*), a short expiry (lab-*),
 * an approvals channel (Edge Router), a channel-bound rule (offline-rtr), a freeze lab; nothing
 * covers the branch sites. Group membership is read on every click.
 */
public class WithPolicy implements QuarkusTestProfile {

    public static final String ADMIN = "UADMIN1";
    public static final String APPROVER_2 = "UAPPROVER2";
    public static final String APPROVER_3 = "UAPPROVER3";
    public static final String LEADS_GROUP = "S0LEADS";
    public static final String APPROVALS_CHANNEL = "CAPPROVALS1";
    public static final String OPS_CHANNEL = "COPSONLY1";

    public static final String POLICY = """
            admins: [UADMIN1]
            defaults:
              approvals: 1
              approval_ttl: 4h
            rules:
              - name: core routers
                channels: ["*"]
                sites: ["core-*"]
                requesters: [UREQUESTER, UAPPROVER1]
                approvers: [UAPPROVER1, UAPPROVER2, UAPPROVER3, S0LEADS]
                approvals: 2
                force_backup: true
                deny:
                  - pattern: '(?i)/system\\s+reset-configuration'
                    reason: factory resets are never done from chat
                warn:
                  - pattern: '(?i)/ip\\s+service\\s+(disable|set)'
                    reason: may cut management access
              - name: lab
                channels: ["*"]
                sites: ["lab-*"]
                approvers: [UAPPROVER1]
                approval_ttl: 2s
              - name: edge via approvals channel
                channels: ["*"]
                sites: ["Edge Router"]
                approvers: [UAPPROVER1]
                approvals_channel: CAPPROVALS1
              - name: ops channel only
                channels: [COPSONLY1]
                sites: ["offline-rtr"]
                approvers: [UAPPROVER1]
              - name: freeze lab
                channels: ["*"]
                sites: ["freeze-lab-*"]
                approvers: [UAPPROVER1, UAPPROVER2]
            """;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("SDX_POLICY_FILE", write(POLICY).toString(), "chatops.slack.group-cache-ttl", "0s",
                "chatops.slack.group-cache-stale-for", "0s", "chatops.workers.sweep-interval", "300ms");
    }

    /** A policy file in target/ with this content. */
    public static Path write(String content) {
        try {
            Path file = Files.createTempFile(Path.of("target"), "policy-", ".yaml");
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
