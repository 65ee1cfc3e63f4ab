package sdx.chatops.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import sdx.chatops.store.Database;
import sdx.chatops.store.OutboxStore;

/**
 * What an operator watches on a dashboard ({@code /q/metrics}): how much the bot still has to tell
 * Slack, and what SDX answered. The outbox backlog is read from the store, so it is the same on
 * every replica.
 */
@ApplicationScoped
public class BotMetrics {

    private final MeterRegistry registry;

    @Inject
    public BotMetrics(MeterRegistry registry, Database db, OutboxStore outbox) {
        this.registry = registry;
        Gauge.builder("sdx_chatops_outbox_open", () -> {
            try {
                return db.inTransaction(outbox::openCount);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Slack posts and updates recorded but not yet delivered").register(registry);
    }

    /**
     * A metric label for an outcome or kind: {@code NotSent} and {@code THREAD_REPLY} become {@code not_sent},
     * {@code thread_reply}.
     */
    public static String label(Object value) {
        String name = value instanceof Enum<?> e ? e.name() : value.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** One SDX queue request and how it ended (accepted, refused, throttled, not_sent, unknown). */
    public void sdxQueue(String outcome) {
        registry.counter("sdx_chatops_sdx_queue_requests_total", "outcome", outcome).increment();
    }

    /** One Slack delivery and how it ended (delivered, retry, give_up). */
    public void slackDelivery(String kind, String outcome) {
        registry.counter("sdx_chatops_slack_deliveries_total", "kind", kind, "outcome", outcome).increment();
    }
}
