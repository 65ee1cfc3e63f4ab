package sdx.chatops.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.flyway.FlywayDataSource.FlywayDataSourceLiteral;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.approval.StoreReady;
import sdx.chatops.config.ChatopsConfig;

/**
 * Prepares the store before anything uses it: creates the data folder for SQLite (which will not)
 * and migrates the active database's schema. Runs right after the configuration check and before
 * the workers start. Flyway's own lock makes concurrent starts of several replicas safe.
 */
@Singleton
public class StoreMigration {

    private static final Logger LOG = Logger.getLogger(StoreMigration.class);

    void onStart(@Observes @Priority(10) StartupEvent event, ChatopsConfig config, Database database, OutboxStore outbox,
            Event<StoreReady> ready) {
        String where;
        if (Database.SQLITE.equals(database.vendor())) {
            Path dataDir = Path.of(config.store().dataDir());
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create SDX_DATA_DIR " + dataDir.toAbsolutePath(), e);
            }
            where = "SQLite in " + dataDir.toAbsolutePath();
        } else {
            where = "PostgreSQL (SDX_DB_URL)";
        }
        Flyway flyway = Arc.container().select(Flyway.class, FlywayDataSourceLiteral.of(database.vendor())).get();
        flyway.migrate();
        LOG.infof("store ready: %s, schema version %s", where, flyway.info().current().getVersion());
        if (Database.SQLITE.equals(database.vendor())) {
            // SQLite means one instance: claims still in the file were held by this bot before it
            // died. Dropping them resumes delivery now instead of after the lease time.
            int released = outbox.releaseAllClaims();
            if (released > 0) {
                LOG.infof("resumed %d Slack deliveries interrupted by the last stop", released);
            }
        }
        ready.fire(new StoreReady());
    }
}
