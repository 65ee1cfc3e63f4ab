package sdx.chatops.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The core flow, unchanged, with PostgreSQL as the store. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class CoreFlowOnPostgresTest extends CoreFlowTest {
}
