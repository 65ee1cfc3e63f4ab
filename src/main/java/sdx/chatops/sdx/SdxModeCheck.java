package sdx.chatops.sdx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import sdx.chatops.config.ChatopsConfig;

/**
 * Says in {@code /q/health/ready} which SDX the bot talks to: {@code mode: live} (with the API URL) or
 * {@code mode: sandbox} ({@code SDX_SANDBOX=true}: the built-in simulation, nothing reaches a router), so
 * that a sandbox left on by mistake is seen where operators look. Always UP: the mode is information,
 * not a fault.
 */
@ApplicationScoped
@Readiness
public class SdxModeCheck implements HealthCheck {

    private final boolean sandbox;
    private final String apiUrl;

    @Inject
    public SdxModeCheck(ChatopsConfig config) {
        this.sandbox = config.sdx().sandbox();
        this.apiUrl = config.sdx().apiUrl();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("sdx").up().withData("mode",
                sandbox ? "sandbox" : "live");
        if (sandbox) {
            health.withData("sites", SandboxSdx.SITES.size()).withData("note", "SANDBOX: nothing reaches a router");
        } else {
            health.withData("api_url", apiUrl);
        }
        return health.build();
    }
}
