package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link CoreFlowTest} against the packaged application: the jar in {@code ./mvnw verify}, the native
 * executable when built with {@code -Dnative}. The fakes stay in this JVM and the application reaches
 * them over loopback; {@link sdx.chatops.testing.Fakes}' configuration is passed to it at launch.
 */
@QuarkusIntegrationTest
class CoreFlowIT extends CoreFlowTest {
}
