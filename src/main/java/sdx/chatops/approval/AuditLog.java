package sdx.chatops.approval;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail as log lines, on the {@code sdx.audit} logger, so that a cluster's log pipeline can
 * ship it to a SIEM: one line per event, with its fields both in the message and in the logging
 * context (as JSON fields when JSON logs are on). Written after the event is stored (request
 * events) or when nothing is stored (refusals of new requests, freezes). Never a token or a script.
 */
public final class AuditLog {

    private static final Logger LOG = Logger.getLogger("sdx.audit");
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.:@#*/+-]*");

    private AuditLog() {
    }

    /** One event; {@code fields} are added in order after the event's name. */
    public static void event(String event, Map<String, ?> fields) {
        try {
            MDC.put("event", event);
            fields.forEach((key, value) -> {
                if (value != null) {
                    MDC.put("audit_" + key, String.valueOf(value));
                }
            });
            LOG.info("audit " + event + " " + fields.entrySet().stream().filter(e -> e.getValue() != null)
                    .map(e -> e.getKey() + "=" + quote(String.valueOf(e.getValue()))).collect(Collectors.joining(" ")));
        } finally {
            MDC.remove("event");
            fields.keySet().forEach(key -> MDC.remove("audit_" + key));
        }
    }

    /** Values with blanks or quotes are quoted, so the line stays one parseable record. */
    private static String quote(String value) {
        String oneLine = value.replace("\r", " ").replace("\n", " ");
        return BARE.matcher(oneLine).matches() ? oneLine
                : "\"" + oneLine.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
