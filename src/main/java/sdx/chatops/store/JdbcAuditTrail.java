package sdx.chatops.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import sdx.chatops.approval.AuditTrail;
import sdx.chatops.approval.RequestEvent;

/** The audit trail of every request, read from {@code request_event} (indexed by time, site and actor). */
@ApplicationScoped
public class JdbcAuditTrail implements AuditTrail {

    private final Database db;
    private final NoticeCodec codec;

    @Inject
    public JdbcAuditTrail(Database db, NoticeCodec codec) {
        this.db = db;
        this.codec = codec;
    }

    @Override
    public List<RequestEvent> find(Query query) {
        return db.read(c -> RequestEventRows.find(c, query, codec));
    }
}
