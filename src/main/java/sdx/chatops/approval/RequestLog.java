package sdx.chatops.approval;

import java.util.HashMap;
import java.util.Map;

import org.jboss.logging.MDC;

/**
 * Puts a request's code, channel, user and site into the logging context (MDC) for the lines logged
 * while it is open, so JSON logs carry them as fields. Never a token or a script. Restores what was
 * there before when closed, so nested scopes and pooled threads stay clean.
 */
public final class RequestLog implements AutoCloseable {

    public static final String REQUEST = "request";
    public static final String CHANNEL = "channel";
    public static final String USER = "user";
    public static final String SITE = "site";

    private final Map<String, Object> previous = new HashMap<>();

    private RequestLog() {
    }

    /** The request's fields, with its requester as the user. */
    public static RequestLog of(ChangeRequest request) {
        return new RequestLog().put(REQUEST, request.code()).put(CHANNEL, request.channelId())
                .put(USER, request.requesterId()).put(SITE, request.site().id());
    }

    /** Only what is known before a request exists (a command, a click). */
    public static RequestLog of(String channel, String user) {
        return new RequestLog().put(CHANNEL, channel).put(USER, user);
    }

    /** The person acting now (an approver clicking), in place of the requester. */
    public RequestLog actor(String user) {
        return put(USER, user);
    }

    private RequestLog put(String key, String value) {
        if (!previous.containsKey(key)) {
            previous.put(key, MDC.get(key));
        }
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
