package sdx.chatops.store;

import java.util.LinkedHashMap;
import java.util.Map;

import sdx.chatops.approval.ChangeRequest;
import sdx.chatops.approval.RequestState;

/** The fields of one audit log line for a stored request event, in a fixed order. */
final class AuditLines {

    private AuditLines() {
    }

    static Map<String, Object> of(ChangeRequest request, String actor, RequestState from, RequestState to, String details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request", request.code());
        fields.put("actor", actor);
        fields.put("site", request.site().id());
        fields.put("channel", request.channelId());
        fields.put("from", from);
        fields.put("to", to);
        fields.put("details", details);
        return fields;
    }
}
