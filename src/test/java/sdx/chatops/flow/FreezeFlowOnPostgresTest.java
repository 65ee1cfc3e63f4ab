package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.WithPolicyOnPostgres;

/** Freezes, unchanged, stored in PostgreSQL (where several replicas share them). */
@QuarkusTest
@TestProfile(WithPolicyOnPostgres.class)
class FreezeFlowOnPostgresTest extends FreezeFlowTest {
}
