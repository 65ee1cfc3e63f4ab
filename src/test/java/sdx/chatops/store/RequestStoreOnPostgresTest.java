package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The same store contract on PostgreSQL, where concurrent transitions really run in parallel. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class RequestStoreOnPostgresTest extends RequestStoreTest {
}
