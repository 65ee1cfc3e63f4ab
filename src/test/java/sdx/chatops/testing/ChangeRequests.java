package sdx.chatops.testing;

import java.time.Instant;
import java.util.List;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.JobOptions;
import sdx.chatops.approval.QueueReceipt;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.Site;

/** A {@link ChangeRequest} for unit tests: sensible values, each replaceable. */
public final class ChangeRequests {

    public static final String ID = "0b7e0f4e-2f7a-4a53-9d7e-3c1c2b6f0a11";
    public static final String SITE_ID = "9c69345c-8d39-4786-9f17-8153c988c89a";

    public String id = ID;
    public String code = "SDX-7F3K2Q";
    public String teamId = "T0TEAM";
    public String enterpriseId;
    public String channelId = "C0NETOPS";
    public String channelName = "net-ops";
    public String requesterId = "UREQUESTER";
    public String requesterName = "alice";
    public Site site = new Site(SITE_ID, "core-rtr-01", true);
    public String script = "/ip firewall address-list add list=blocked address=203.0.113.7";
    public JobOptions options = new JobOptions(true, false, true);
    public RequestState state = RequestState.PENDING;
    public String approvalTs = "1712345678.000100";
    public String decidedBy;
    public Instant decidedAt;
    public QueueReceipt receipt;
    public String jobId;
    public String jobStatus;
    public String failure;
    public Instant createdAt = Instant.parse("2026-04-20T03:14:15Z");
    public Instant submittedAt;
    public int submitAttempts;
    public String responseUrl;
    public String ruleName = "default";
    public List<String> approvals = List.of();
    public int requiredApprovals = 1;
    public Instant expiresAt;
    public String emergencyReason;
    public String reason;
    public String approvalChannel;
    public String pointerTs;
    public List<String> warnings = List.of();

    public static ChangeRequests pending() {
        return new ChangeRequests();
    }

    /** A request decided by {@code decider} and now in {@code state}. */
    public static ChangeRequests decided(RequestState state, String decider) {
        ChangeRequests r = new ChangeRequests();
        r.state = state;
        r.decidedBy = decider;
        if (state != RequestState.REJECTED && state != RequestState.PENDING) {
            r.approvals = List.of(decider);
        }
        r.decidedAt = Instant.parse("2026-04-20T03:20:00Z");
        return r;
    }

    public ChangeRequest build() {
        return new ChangeRequest(id, code, teamId, enterpriseId, channelId, channelName, requesterId, requesterName, site,
                script,
                options, state, approvalTs, decidedBy, decidedAt, receipt, jobId, jobStatus, failure, createdAt,
                submittedAt, submitAttempts, responseUrl, ruleName, approvals, requiredApprovals, expiresAt, emergencyReason,
                reason, approvalChannel, pointerTs, warnings);
    }
}
