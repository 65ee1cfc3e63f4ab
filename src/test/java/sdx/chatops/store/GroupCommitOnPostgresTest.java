package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/**
 * The same on PostgreSQL, where a refused statement aborts the whole transaction unless it ran in a
 * savepoint: a refused row in a batch of inserts must still fail only its own writer.
 */
@QuarkusTest
@TestProfile(OnPostgres.class)
class GroupCommitOnPostgresTest extends GroupCommitTest {
}
