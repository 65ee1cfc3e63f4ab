package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ManagementInterfaceFlowTest} against the packaged application, in the prod profile: the
 * management port is the one {@link sdx.chatops.testing.Fakes} passes as {@code quarkus.management.port}.
 */
@QuarkusIntegrationTest
class ManagementInterfaceIT extends ManagementInterfaceFlowTest {
}
