package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.WithPolicyOnPostgres;

/** The policy flows, unchanged, with PostgreSQL as the store (row locks decide the N-th approval). */
@QuarkusTest
@TestProfile(WithPolicyOnPostgres.class)
class PolicyFlowOnPostgresTest extends PolicyFlowTest {
}
