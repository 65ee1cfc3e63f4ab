package sdx.chatops.testing;

import java.util.List;

/** {@link WithPolicy} with PostgreSQL as the store. */
public class WithPolicyOnPostgres extends WithPolicy {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresStore.class));
    }
}
