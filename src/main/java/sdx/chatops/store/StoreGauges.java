package sdx.chatops.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * What an operator watches of the store on a dashboard: how much the bot still has to tell Slack.
 * Read from the store, so it is the same on every replica.
 */
@ApplicationScoped
public class StoreGauges {

    void register(@Observes StartupEvent event, MeterRegistry registry, OutboxStore outbox) {
        Gauge.builder("sdx_chatops_outbox_open", () -> {
            try {
                return outbox.openCount();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("Slack posts and updates recorded but not yet delivered").register(registry);
    }
}
