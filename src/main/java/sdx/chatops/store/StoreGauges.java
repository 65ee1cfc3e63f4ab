package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import sdx.chatops.approval.RequestState;
import sdx.chatops.approval.StoreReady;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;
import sdx.chatops.metrics.MetricLabels;

/**
 * What an operator watches of the store on a dashboard: how much the bot still has to tell Slack
 * and since when, requests in each open state, approvals about to expire and jobs SDX has gone
 * quiet about. Read from the store, so they are the same on every replica; read every 15 seconds
 * in one short transaction rather than at each scrape, so a scrape never waits for the store.
 */
@ApplicationScoped
public class StoreGauges {

    private static final Logger LOG = Logger.getLogger(StoreGauges.class);
    /** The states a request is still moving through; ended requests are not gauged. */
    static final List<RequestState> OPEN = List.of(RequestState.PENDING, RequestState.APPROVED, RequestState.SUBMITTING,
            RequestState.UNKNOWN, RequestState.QUEUED, RequestState.RUNNING);
    private static final Duration EXPIRING_WITHIN = Duration.ofMinutes(15);

    /** The last reading; NaN everywhere until the store has been read once. */
    record Reading(double outboxOpen, double oldestAgeSeconds, Map<RequestState, Double> byState, double expiring,
            double silent) {
        static final Reading NONE = new Reading(Double.NaN, Double.NaN, Map.of(), Double.NaN, Double.NaN);
    }

    private final Database db;
    private final ChatopsConfig config;
    private final Clock clock;
    private final AtomicReference<Reading> last = new AtomicReference<>(Reading.NONE);
    private volatile boolean storeReady;

    @Inject
    public StoreGauges(Database db, ChatopsConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.clock = clock;
    }

    void register(@Observes StoreReady event, MeterRegistry registry) {
        Gauge.builder(BotMetrics.OUTBOX_OPEN, last, r -> r.get().outboxOpen())
                .description("Slack posts and updates recorded but not yet delivered").register(registry);
        Gauge.builder(BotMetrics.OUTBOX_OLDEST_AGE, last, r -> r.get().oldestAgeSeconds()).baseUnit("seconds")
                .description("How long the oldest undelivered Slack post or update has waited").register(registry);
        for (RequestState state : OPEN) {
            Gauge.builder(BotMetrics.REQUESTS, last, r -> r.get().byState().getOrDefault(state, Double.NaN))
                    .tag("state", MetricLabels.label(state)).description("Requests in each open state").register(registry);
        }
        Gauge.builder(BotMetrics.APPROVALS_EXPIRING, last, r -> r.get().expiring())
                .description("Pending requests whose approval expires within 15 minutes").register(registry);
        Gauge.builder(BotMetrics.JOBS_SILENT, last, r -> r.get().silent())
                .description("Queued or running jobs with no status from SDX for longer than the callback grace")
                .register(registry);
        storeReady = true;
        refresh();
    }

    @Scheduled(identity = "sdx-store-gauges", every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!storeReady) {
            return;
        }
        try {
            last.set(read(clock.instant()));
        } catch (RuntimeException e) {
            LOG.debugf("store gauges not read: %s", e.getMessage());
            last.set(Reading.NONE);
        }
    }

    Reading read(Instant now) {
        return db.read(c -> {
            double open;
            double oldest;
            try (Statements.Lease lease = Statements.prepare(c, "SELECT COUNT(*), MIN(created_at) FROM outbox"
                    + " WHERE delivered_at IS NULL AND failed_at IS NULL"); ResultSet rs = lease.statement().executeQuery()) {
                rs.next();
                open = rs.getLong(1);
                long first = rs.getLong(2);
                oldest = rs.wasNull() ? 0 : Math.max(0, (now.toEpochMilli() - first) / 1000.0);
            }
            Map<RequestState, Double> byState = new EnumMap<>(RequestState.class);
            for (RequestState state : OPEN) {
                byState.put(state, 0.0);
            }
            String states = String.join(", ", OPEN.stream().map(s -> "'" + s.name() + "'").toList());
            try (Statements.Lease lease = Statements.prepare(c, "SELECT state, COUNT(*) FROM change_request WHERE state IN ("
                    + states + ") GROUP BY state"); ResultSet rs = lease.statement().executeQuery()) {
                while (rs.next()) {
                    byState.put(RequestState.valueOf(rs.getString(1)), (double) rs.getLong(2));
                }
            }
            double expiring = count(c, "SELECT COUNT(*) FROM change_request WHERE state = 'PENDING'"
                    + " AND expires_at IS NOT NULL AND expires_at <= ?", now.plus(EXPIRING_WITHIN).toEpochMilli());
            long quietSince = now.minus(config.sdx().callbackGrace()).toEpochMilli();
            double silent = count(c, "SELECT COUNT(*) FROM change_request WHERE state IN ('QUEUED', 'RUNNING')"
                    + " AND submitted_at <= ? AND (last_status_at IS NULL OR last_status_at <= ?)", quietSince, quietSince);
            return new Reading(open, oldest, byState, expiring, silent);
        });
    }

    private static double count(Connection c, String sql, long... parameters) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, sql)) {
            PreparedStatement ps = lease.statement();
            for (int i = 0; i < parameters.length; i++) {
                ps.setLong(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
