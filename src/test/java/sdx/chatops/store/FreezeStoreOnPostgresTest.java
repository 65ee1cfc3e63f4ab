package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The same freezes on PostgreSQL, where replicas really are separate processes on one database. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class FreezeStoreOnPostgresTest extends FreezeStoreTest {
}
