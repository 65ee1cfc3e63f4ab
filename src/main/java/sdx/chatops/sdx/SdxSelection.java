package sdx.chatops.sdx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.approval.SdxJobs;
import sdx.chatops.config.ChatopsConfig;
import sdx.chatops.metrics.BotMetrics;

/**
 * The one {@link SdxJobs} the workflow gets: the real {@link SdxClient} or, with {@code SDX_SANDBOX=true},
 * the {@link SandboxSdx} simulation. Chosen at run time from the configuration; both classes are
 * {@code @Typed} to themselves, so this producer is the only {@code SdxJobs} bean. The other one is
 * never created: in sandbox mode the REST client is not even built.
 */
@ApplicationScoped
public class SdxSelection {

    @Produces
    @ApplicationScoped
    SdxJobs sdxJobs(ChatopsConfig config, Instance<SdxClient> live, Instance<SandboxSdx> sandbox) {
        return config.sdx().sandbox() ? sandbox.get() : live.get();
    }

    /** The breaker's gauge, there from the start (the sandbox has no breaker: always closed). */
    void breakerGauge(@Observes StartupEvent event, ChatopsConfig config, Instance<SdxClient> live, MeterRegistry registry) {
        SdxClient client = config.sdx().sandbox() ? null : live.get();
        Gauge.builder(BotMetrics.SDX_BREAKER_OPEN, () -> client != null && client.breakerOpen() ? 1 : 0).strongReference(true)
                .description("1 while SDX calls are paused after repeated failures").register(registry);
    }
}
