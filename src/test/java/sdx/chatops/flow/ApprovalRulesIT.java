package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ApprovalRulesFlowTest} against the packaged application (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class ApprovalRulesIT extends ApprovalRulesFlowTest {
}
