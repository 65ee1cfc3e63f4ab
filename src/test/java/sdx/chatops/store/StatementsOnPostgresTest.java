package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The same on PostgreSQL: nothing kept, every statement closed after use. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class StatementsOnPostgresTest extends StatementsOnTheBotsStoreTest {
}
