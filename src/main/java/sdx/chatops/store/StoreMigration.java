package sdx.chatops.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.StartupEvent;
import sdx.chatops.config.ChatopsConfig;

/**
 * Prepares the store before anything uses it: creates the data folder (SQLite will not) and
 * migrates the schema. Runs right after the configuration check and before the workers start.
 */
@Singleton
public class StoreMigration {

    private static final Logger LOG = Logger.getLogger(StoreMigration.class);

    void onStart(@Observes @Priority(10) StartupEvent event, ChatopsConfig config,
            @FlywayDataSource(Database.SQLITE) Flyway flyway) {
        Path dataDir = Path.of(config.store().dataDir());
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create SDX_DATA_DIR " + dataDir.toAbsolutePath(), e);
        }
        flyway.migrate();
        LOG.infof("store ready: SQLite in %s, schema version %s", dataDir.toAbsolutePath(),
                flyway.info().current().getVersion());
    }
}
