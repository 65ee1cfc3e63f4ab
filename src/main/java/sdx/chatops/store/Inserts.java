package sdx.chatops.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Work that only inserts rows, written down as its rows (SQL and values, in order) instead of run at
 * once. Rows of several such writers can then go to the database together: one batch per SQL
 * statement ({@link #insertTogether}) instead of one statement each, which on PostgreSQL is one round
 * trip for a whole burst of new requests instead of several per request.
 */
final class Inserts {

    /** One row: an INSERT with {@code ?} markers and its values (bound as {@link ChangeRequestRows#bind} does). */
    record Row(String sql, Object[] values) {
        Row {
            if (!sql.regionMatches(true, 0, "INSERT ", 0, 7)) {
                throw new IllegalArgumentException("only INSERT statements can be batched as rows");
            }
        }

        /** Runs this row alone. */
        void insert(Connection c) throws SQLException {
            ChangeRequestRows.execute(c, sql, values);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    Inserts add(Row row) {
        rows.add(row);
        return this;
    }

    /** Runs the rows one by one, in order. */
    void insertEach(Connection c) throws SQLException {
        for (Row row : rows) {
            row.insert(c);
        }
    }

    /**
     * Runs the rows of all {@code writers} as one batch per SQL statement, the statements in the order
     * they first appear (so a writer's parent rows go before the rows that refer to them when writers
     * write alike) and each statement's rows in the writers' order. If it throws, some rows may be in
     * the transaction and others not: the caller rolls back to a savepoint taken before.
     */
    static void insertTogether(Connection c, List<Inserts> writers) throws SQLException {
        Map<String, List<Object[]>> bySql = new LinkedHashMap<>();
        for (Inserts writer : writers) {
            for (Row row : writer.rows) {
                bySql.computeIfAbsent(row.sql(), sql -> new ArrayList<>()).add(row.values());
            }
        }
        for (Map.Entry<String, List<Object[]>> statement : bySql.entrySet()) {
            ChangeRequestRows.executeEach(c, statement.getKey(), statement.getValue());
        }
    }
}
