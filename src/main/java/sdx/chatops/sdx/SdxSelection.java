package sdx.chatops.sdx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import sdx.chatops.approval.SdxJobs;
import sdx.chatops.config.ChatopsConfig;

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
}
