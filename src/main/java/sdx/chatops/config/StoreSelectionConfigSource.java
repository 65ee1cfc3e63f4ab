package sdx.chatops.config;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Turns "is {@code SDX_DB_URL} set?" into which datasource is active. Quarkus fixes a datasource's
 * database kind at build time, so the build has both (SQLite and PostgreSQL) and this switches one
 * on at run time. Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public class StoreSelectionConfigSource implements ConfigSourceFactory {

    static final String SQLITE_ACTIVE = "quarkus.datasource.sqlite.active";
    static final String POSTGRESQL_ACTIVE = "quarkus.datasource.postgresql.active";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean postgres = isSet(context.getValue("SDX_DB_URL")) || isSet(context.getValue("chatops.store.db-url"));
        return List.of(new MapBackedConfigSource("sdx-chatops store selection", Map.of(
                SQLITE_ACTIVE, String.valueOf(!postgres),
                POSTGRESQL_ACTIVE, String.valueOf(postgres)), 50) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
