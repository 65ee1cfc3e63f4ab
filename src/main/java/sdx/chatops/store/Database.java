package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;

/**
 * The one way to talk to the store: short transactions that commit or roll back as a whole.
 * State changes and the Slack messages they cause are written in the same transaction, so a crash
 * never leaves one without the other.
 */
@ApplicationScoped
public class Database {

    /** Name of the active datasource; PostgreSQL joins as a second named datasource. */
    static final String SQLITE = "sqlite";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    @Inject
    public Database() {
        this.dataSource = Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(SQLITE)).get();
    }

    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public String vendor() {
        return SQLITE;
    }

    DataSource dataSource() {
        return dataSource;
    }
}
