package sdx.chatops.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.NotifyTokens;
import sdx.chatops.tracing.StoredTrace;

/**
 * The trace a job was sent to SDX in (written with its submission, V8), found by the token of its
 * callback URL: SDX's callbacks carry no trace header, and continue this trace instead.
 */
@ApplicationScoped
public class JobTraces {

    /** The job's request code, and its submission's trace (null when none was stored or it is unusable). */
    public record JobTrace(String requestCode, StoredTrace trace) {
    }

    private final Database db;

    @Inject
    public JobTraces(Database db) {
        this.db = db;
    }

    /** Empty when the token names no job. */
    public Optional<JobTrace> ofNotifyToken(String notifyToken) {
        String hash = NotifyTokens.hash(notifyToken);
        return db.read(c -> {
            try (Statements.Lease lease = Statements.prepare(c,
                    "SELECT code, job_traceparent, job_tracestate FROM change_request WHERE notify_token_hash = ?")) {
                PreparedStatement ps = lease.statement();
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new JobTrace(rs.getString(1), StoredTrace.of(rs.getString(2), rs.getString(3))))
                            : Optional.empty();
                }
            }
        });
    }
}
