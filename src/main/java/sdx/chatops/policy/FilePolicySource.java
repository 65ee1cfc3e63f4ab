package sdx.chatops.policy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import sdx.chatops.approval.Audience;
import sdx.chatops.approval.Policy;
import sdx.chatops.approval.PolicySource;
import sdx.chatops.config.ChatopsConfig;

/**
 * The policy in force: read from {@code SDX_POLICY_FILE} at start-up (an invalid file stops the bot,
 * naming every problem) and again whenever the file's content changes (polled every
 * {@code chatops.policy.reload-interval}); or, without a file, the implicit rule from
 * {@code SDX_APPROVERS}. A changed file that is invalid, unreadable or gone leaves the last good
 * policy in force and is reported once, as an error.
 */
@ApplicationScoped
public class FilePolicySource implements PolicySource {

    private static final Logger LOG = Logger.getLogger(FilePolicySource.class);

    private final Optional<String> file;
    private final List<String> approvers;
    private final List<String> admins;
    private final Clock clock;

    private volatile Policy current;
    /** Guarded by this: what the last look at the file found. */
    private String seenHash;
    private String seenTrouble;
    private String goodHash;
    private Instant goodSince;

    @Inject
    public FilePolicySource(ChatopsConfig config, Clock clock) {
        this.file = config.policy().file().map(String::trim).filter(path -> !path.isEmpty());
        this.approvers = config.sdx().approvers().orElse(List.of());
        this.admins = config.policy().admins().orElse(List.of());
        this.clock = clock;
    }

    /** Right after the configuration check: nothing may take requests under an unknown policy. */
    void onStart(@Observes @Priority(2) StartupEvent event) {
        start();
    }

    @Override
    public Policy current() {
        Policy policy = current;
        return policy != null ? policy : start();
    }

    /**
     * Loads the policy once.
     *
     * @throws IllegalStateException naming every problem of the file (or of {@code SDX_ADMINS})
     */
    synchronized Policy start() {
        if (current != null) {
            return current;
        }
        Audience envAdmins;
        try {
            envAdmins = PolicyFile.envAdmins(admins);
        } catch (IllegalArgumentException e) {
            throw cannotStart(e.getMessage());
        }
        if (file.isEmpty()) {
            current = PolicyFile.implicit(approvers, envAdmins);
            LOG.infof("policy: no SDX_POLICY_FILE, one rule for every channel and site: approvers from SDX_APPROVERS"
                    + " (%d), 1 approval, no expiry", approvers.stream().filter(id -> !id.isBlank()).count());
            return current;
        }
        String path = file.get();
        try {
            byte[] content = PolicyFile.read(path);
            PolicyFile.Parsed parsed = PolicyFile.parse(path, content, envAdmins);
            seenHash = goodHash = sha256(content);
            goodSince = clock.instant();
            current = parsed.policy();
            LOG.infof("policy: %s from %s (sha256 %s)", rules(current), path, shortHash(goodHash));
            parsed.warnings().forEach(LOG::warn);
            if (approvers.stream().anyMatch(id -> !id.isBlank())) {
                LOG.warnf("SDX_APPROVERS is ignored: the policy file %s names the approvers of each rule", path);
            }
            return current;
        } catch (InvalidPolicyException e) {
            throw cannotStart(e.getMessage());
        }
    }

    @Scheduled(identity = "sdx-policy-reload", every = "${chatops.policy.reload-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reloadSafely() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.errorf("checking the policy file %s failed; the last good policy stays in force: %s", file.orElse("-"), e);
        }
    }

    /**
     * Reads the file again if there is one; a new content is checked and, if valid, replaces the
     * policy. The same content (the same hash) again does nothing.
     */
    synchronized void reload() {
        if (file.isEmpty() || current == null) {
            return;
        }
        String path = file.get();
        byte[] content;
        try {
            content = PolicyFile.read(path);
        } catch (InvalidPolicyException e) {
            String trouble = String.join("; ", e.problems());
            if (!trouble.equals(seenTrouble)) {
                LOG.errorf("policy file %s can no longer be read (%s), %s", path, trouble, keeping());
            }
            seenTrouble = trouble;
            seenHash = null;
            return;
        }
        seenTrouble = null;
        String hash = sha256(content);
        if (hash.equals(seenHash)) {
            return;
        }
        seenHash = hash;
        try {
            PolicyFile.Parsed parsed = PolicyFile.parse(path, content, PolicyFile.envAdmins(admins));
            current = parsed.policy();
            goodHash = hash;
            goodSince = clock.instant();
            LOG.infof("policy file %s reloaded: %s (sha256 %s)", path, rules(current), shortHash(hash));
            parsed.warnings().forEach(LOG::warn);
        } catch (InvalidPolicyException e) {
            int count = e.problems().size();
            LOG.errorf("policy file %s changed (sha256 %s) but cannot be used, %s; %d %s:\n  %s", path, shortHash(hash),
                    keeping(), count, count == 1 ? "problem" : "problems", String.join("\n  ", e.problems()));
        }
    }

    private String keeping() {
        return "the last good policy stays in force (" + rules(current) + ", sha256 " + shortHash(goodHash) + ", loaded "
                + goodSince + ")";
    }

    private static IllegalStateException cannotStart(String problem) {
        String message = "sdx-chatops cannot start: " + problem + "\nSee README.md, section Policy.";
        // Logged on its own first, so it is not lost in Quarkus's start-up failure trace.
        LOG.error(message);
        return new IllegalStateException(message);
    }

    private static String rules(Policy policy) {
        int count = policy.rules().size();
        return count + (count == 1 ? " rule" : " rules");
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String shortHash(String hash) {
        return hash == null ? "-" : hash.substring(0, 12);
    }
}
