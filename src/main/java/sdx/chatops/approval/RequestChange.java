package sdx.chatops.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import sdx.chatops.config.ChatopsConfig;

/**
 * An engineer asks to run a script on a site: check it, find the site, ask the policy (the rule for
 * this channel and site, who may ask, deny patterns, freezes), then store the request as PENDING and,
 * in the same transaction, its first audit event and the approval message (with a pointer in the
 * request's channel when the rule names an approvals channel). Last before that, the script's
 * pre-flight check ({@link ScriptPreflight}): its errors refuse the request, its risks are added
 * to the policy's warnings.
 */
@ApplicationScoped
public class RequestChange {

    private static final Logger LOG = Logger.getLogger(RequestChange.class);
    /** Codes are drawn again on a clash; with 2^30 codes, five clashes in a row mean something else is wrong. */
    static final int CODE_ATTEMPTS = 5;

    /**
     * Who asks, where, for what; text already unescaped.
     *
     * @param emergencyReason set for a break-glass request ({@code --emergency "reason"})
     * @param reason the requester's reason or ticket, null when none
     */
    public record Ask(String teamId, String enterpriseId, String channelId, String channelName, String requesterId,
            String requesterName, String site, String script, String responseUrl, String emergencyReason, String reason,
            JobChoices choices) {

        public Ask(String teamId, String enterpriseId, String channelId, String channelName, String requesterId,
                String requesterName, String site, String script, String responseUrl) {
            this(teamId, enterpriseId, channelId, channelName, requesterId, requesterName, site, script, responseUrl, null,
                    null, JobChoices.DEFAULTS);
        }

        boolean isEmergency() {
            return emergencyReason != null;
        }
    }

    public sealed interface Result {
        record Created(ChangeRequest request) implements Result {
        }

        record ScriptTooLong(int length, int max) implements Result {
        }

        record UnknownSite(String typed) implements Result {
        }

        record AmbiguousSite(String typed, List<Site> candidates) implements Result {
        }

        record SdxUnavailable(String reason) implements Result {
        }

        /**
         * The pre-flight check found the script cannot run as written; nothing was stored.
         *
         * @param errors the first {@link ScriptPreflight#MAX_ERRORS}, in the order of the script
         * @param total how many there are
         */
        record PreflightFailed(List<ScriptPreflight.ScriptError> errors, int total) implements Result {
        }

        /** The policy said no; the verdict says why. */
        record Refused(Site site, ChangePolicy.RequestVerdict verdict) implements Result {
        }
    }

    private final SiteDirectory sites;
    private final RequestStore store;
    private final ChangePolicy policy;
    private final RequestCodes codes;
    private final ChatopsConfig config;
    private final Clock clock;
    private final ScriptPreflight preflight;

    @Inject
    public RequestChange(SiteDirectory sites, RequestStore store, ChangePolicy policy, RequestCodes codes,
            ChatopsConfig config, Clock clock) {
        this.sites = sites;
        this.store = store;
        this.policy = policy;
        this.codes = codes;
        this.config = config;
        this.clock = clock;
        this.preflight = new ScriptPreflight(config.preflight().managementInterfaces());
    }

    public Result request(Ask ask) {
        int length = ask.script().codePointCount(0, ask.script().length());
        int max = config.sdx().maxScriptLength();
        if (length > max) {
            return new Result.ScriptTooLong(length, max);
        }
        SiteDirectory.Resolution resolution;
        try {
            resolution = sites.resolve(ask.site());
        } catch (SdxUnavailableException e) {
            return new Result.SdxUnavailable(e.getMessage());
        }
        if (resolution instanceof SiteDirectory.Resolution.NotFound notFound) {
            return new Result.UnknownSite(notFound.typed());
        }
        if (resolution instanceof SiteDirectory.Resolution.Ambiguous ambiguous) {
            return new Result.AmbiguousSite(ambiguous.typed(), ambiguous.candidates());
        }
        Site site = ((SiteDirectory.Resolution.Found) resolution).site();
        ChangePolicy.RequestVerdict verdict = policy.mayRequest(ask.channelId(), site, ask.requesterId(), ask.script(),
                ask.isEmergency(), ask.reason() != null && !ask.reason().isBlank());
        if (!(verdict instanceof ChangePolicy.RequestVerdict.Allowed allowed)) {
            refused(ask, site, verdict);
            return new Result.Refused(site, verdict);
        }
        ScriptPreflight.Report report = preflight.check(ask.script());
        if (report.hasErrors()) {
            refused(ask, site, "PreflightFailed", Map.of("errors", report.totalErrors()));
            return new Result.PreflightFailed(report.errors(), report.totalErrors());
        }
        return create(ask, site, allowed, report.risks(), length);
    }

    private Result create(Ask ask, Site site, ChangePolicy.RequestVerdict.Allowed allowed, List<String> risks,
            int length) {
        PolicyRule rule = allowed.rule();
        Instant now = clock.instant();
        var defaults = config.sdx().jobDefaults();
        JobChoices choices = ask.choices() == null ? JobChoices.DEFAULTS : ask.choices();
        JobOptions options = choices.options(new JobOptions(defaults.makeBackup(), defaults.expressExecute(),
                defaults.needsAcknowledgement()), rule.forceBackup());
        Instant expiresAt = rule.approvalTtl() == null ? null : now.plus(rule.approvalTtl());
        String approvalChannel = rule.approvalsChannel() == null || rule.approvalsChannel().equals(ask.channelId()) ? null
                : rule.approvalsChannel();
        List<String> warnings = new ArrayList<>(allowed.warnings());
        risks.stream().map(ScriptPreflight::asWarning).forEach(warnings::add);
        String id = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= CODE_ATTEMPTS; attempt++) {
            ChangeRequest request = new ChangeRequest(id, codes.next(), ask.teamId(), ask.enterpriseId(), ask.channelId(),
                    ask.channelName(), ask.requesterId(), ask.requesterName(), site, ask.script(), options,
                    RequestState.PENDING, null, null, null, null, null, null, null, now, null, 0, ask.responseUrl(),
                    rule.name(), List.of(), allowed.requiredApprovals(), expiresAt, ask.emergencyReason(),
                    blankToNull(ask.reason()),
                    approvalChannel, null, warnings);
            Transition created = Transition.of(id, EventKind.CREATED, ask.requesterId(), now).to(RequestState.PENDING)
                    .detail("channel", ask.channelId()).detail("site_name", site.name()).detail("rule", rule.name())
                    .detail("required_approvals", allowed.requiredApprovals()).detail("script_length", length)
                    .detail("make_backup", options.makeBackup()).detail("express_execute", options.expressExecute())
                    .detail("needs_acknowledgement", options.needsAcknowledgement())
                    .detail("expires_at", expiresAt == null ? null : expiresAt.toString())
                    .detail("emergency_reason", ask.emergencyReason()).detail("reason", blankToNull(ask.reason()))
                    .detail("approvals_channel", approvalChannel).detail("warnings", allowed.warnings().size())
                    .detail("preflight_risks", risks.size())
                    .notify(new Notice.ApprovalMessage());
            if (approvalChannel != null) {
                created.notify(new Notice.PointerMessage());
            }
            if (store.create(request, created)) {
                try (RequestLog log = RequestLog.of(request)) {
                    LOG.infof("request %s created: requester=%s channel=%s site=%s rule=%s%s", request.code(),
                            ask.requesterId(), ask.channelId(), site.id(), rule.name(),
                            ask.isEmergency() ? " EMERGENCY" : "");
                }
                return new Result.Created(request);
            }
            LOG.infof("request code %s is taken; drawing another", request.code());
        }
        throw new IllegalStateException("no free request code after " + CODE_ATTEMPTS + " attempts");
    }

    /** A refusal changes nothing in the store, so the audit log is its only record. */
    private static void refused(Ask ask, Site site, ChangePolicy.RequestVerdict verdict) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (verdict instanceof ChangePolicy.RequestVerdict.Frozen frozen) {
            fields.put("freeze", frozen.freeze().id());
        }
        if (verdict instanceof ChangePolicy.RequestVerdict.Denied denied) {
            fields.put("rule", denied.rule().name());
        }
        refused(ask, site, verdict.getClass().getSimpleName(), fields);
    }

    private static void refused(Ask ask, Site site, String verdict, Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("actor", ask.requesterId());
        fields.put("channel", ask.channelId());
        fields.put("site", site.id());
        fields.put("verdict", verdict);
        fields.putAll(details);
        AuditLog.event("REQUEST_REFUSED", fields);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
