package sdx.chatops.testing;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Runs a flow test with PostgreSQL as the store instead of the embedded SQLite. */
public class OnPostgres implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresStore.class));
    }
}
