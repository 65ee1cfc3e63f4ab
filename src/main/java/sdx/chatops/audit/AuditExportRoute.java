package sdx.chatops.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import sdx.chatops.approval.AuditTrail;
import sdx.chatops.approval.RequestEvent;
import sdx.chatops.config.ChatopsConfig;

/**
 * The audit export for compliance tools: {@code GET /audit/events} on the management port (never
 * the Slack ingress), protected by the bearer token {@code SDX_AUDIT_TOKEN} (compared in constant
 * time; without the variable the export is off). Answers JSON lines, oldest first, paged: pass the
 * {@code X-Next-After} header of one page as {@code after} to get the next.
 *
 * <p>
 * Query: {@code since}, {@code until} (ISO-8601 instants, until exclusive), {@code site} (site
 * UUID), {@code actor} (Slack user id, {@code bot} or {@code sdx}), {@code limit} (default 100, at
 * most {@code chatops.audit.max-page}), {@code after} (event id).
 */
@ApplicationScoped
public class AuditExportRoute {

    private static final Logger LOG = Logger.getLogger(AuditExportRoute.class);
    static final String PATH = "/audit/events";

    private final AuditTrail trail;
    private final ObjectMapper json;
    private final Optional<byte[]> tokenHash;
    private final int maxPage;

    @Inject
    public AuditExportRoute(AuditTrail trail, ObjectMapper json, ChatopsConfig config) {
        this.trail = trail;
        this.json = json;
        this.tokenHash = config.audit().token().filter(t -> !t.isBlank()).map(AuditExportRoute::sha256);
        this.maxPage = config.audit().maxPage();
    }

    void register(@Observes ManagementInterface management) {
        management.router().get(PATH).blockingHandler(this::handle, false);
    }

    void handle(RoutingContext ctx) {
        if (tokenHash.isEmpty()) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (!authorized(ctx.request().getHeader("Authorization"))) {
            LOG.warn("refused an audit export request without the right bearer token");
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"sdx-chatops audit\"").end();
            return;
        }
        AuditTrail.Query query;
        try {
            query = query(ctx);
        } catch (IllegalArgumentException e) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end(e.getMessage() + "\n");
            return;
        }
        List<RequestEvent> events = trail.find(query);
        StringBuilder body = new StringBuilder();
        for (RequestEvent event : events) {
            body.append(line(event)).append('\n');
        }
        var response = ctx.response().setStatusCode(200).putHeader("Content-Type", "application/x-ndjson; charset=utf-8");
        if (events.size() == query.limit()) {
            response.putHeader("X-Next-After", String.valueOf(events.get(events.size() - 1).id()));
        }
        response.end(body.toString());
    }

    /** Constant time: the hashes are compared, so neither the length nor a prefix of the token leaks. */
    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(tokenHash.get(), sha256(header.substring(7).trim()));
    }

    private AuditTrail.Query query(RoutingContext ctx) {
        int limit = (int) Math.min(Integer.MAX_VALUE, number(ctx.request().getParam("limit"), 100, "limit"));
        if (limit < 1 || limit > maxPage) {
            throw new IllegalArgumentException("limit must be between 1 and " + maxPage);
        }
        long after = number(ctx.request().getParam("after"), 0, "after");
        String site = ctx.request().getParam("site");
        if (site != null && !site.matches("[0-9a-fA-F-]{36}")) {
            throw new IllegalArgumentException("site must be a site UUID");
        }
        String actor = ctx.request().getParam("actor");
        if (actor != null && !actor.matches("[A-Za-z0-9]{1,64}")) {
            throw new IllegalArgumentException("actor must be a Slack user id, bot or sdx");
        }
        return new AuditTrail.Query(instant(ctx.request().getParam("since"), "since"),
                instant(ctx.request().getParam("until"), "until"), site, actor, after, limit);
    }

    private static long number(String value, long otherwise, String name) {
        if (value == null) {
            return otherwise;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    private String line(RequestEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", e.id());
        line.put("at", e.at().toString());
        line.put("request_id", e.requestId());
        line.put("request_code", e.requestCode());
        line.put("site_id", e.siteId());
        line.put("kind", e.kind().name());
        line.put("actor", e.actor());
        line.put("from_state", e.fromState() == null ? null : e.fromState().name());
        line.put("to_state", e.toState() == null ? null : e.toState().name());
        line.put("details", e.details());
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit event " + e.id() + " cannot be written", ex);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
