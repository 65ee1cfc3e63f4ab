package sdx.chatops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Quarkus's management interface of the bot under test: {@code /q/health/*} and {@code /q/metrics} are
 * served there, on their own port, and not on the port that Slack and SDX reach.
 */
public final class Management {

    /** The management port's configuration key (QUARKUS_MANAGEMENT_PORT). */
    public static final String PORT = "quarkus.management.port";

    private Management() {
    }

    /**
     * The port of the bot under test's management interface. Under {@code @QuarkusTest} the bot listens on
     * {@code quarkus.management.test-port} (0 in the pom: a free port) and Quarkus publishes the port it
     * bound as {@code quarkus.management.port} in the test's configuration. Under
     * {@code @QuarkusIntegrationTest} {@link Fakes} chooses a free port, passes it to the packaged bot and
     * Quarkus sets it as a system property of this JVM. Packaged bots started by {@link BotProcess} have
     * their own: {@link BotProcess#managementPort()}.
     */
    public static int port() {
        return ConfigProvider.getConfig().getValue(PORT, Integer.class);
    }

    /** A REST Assured request to the management interface, e.g. {@code Management.given().get("/q/metrics")}. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** A port that is free now, for a bot about to be started. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
