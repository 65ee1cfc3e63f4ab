package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SlackSignatureFlowTest} against the packaged application (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class SlackSignatureIT extends SlackSignatureFlowTest {
}
