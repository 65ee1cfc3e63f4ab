package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SdxCallbacksFlowTest} against the packaged application (the native executable with {@code -Dnative}). */
@QuarkusIntegrationTest
class SdxCallbacksIT extends SdxCallbacksFlowTest {
}
