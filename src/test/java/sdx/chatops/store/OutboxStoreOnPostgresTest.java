package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The same outbox contract on PostgreSQL, where claimers really run in parallel. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class OutboxStoreOnPostgresTest extends OutboxStoreTest {
}
