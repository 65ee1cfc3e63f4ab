package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** Who may decide, and exactly-once decisions (8 simultaneous clicks), with PostgreSQL as the store. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class ApprovalRulesOnPostgresTest extends ApprovalRulesFlowTest {
}
