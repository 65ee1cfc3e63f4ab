package sdx.chatops.store;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import sdx.chatops.testing.OnPostgres;

/** The same slot reservation on PostgreSQL. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class ChannelPaceOnPostgresTest extends ChannelPaceTest {
}
