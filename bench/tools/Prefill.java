import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fills the bot's store up to N requests by cloning requests the bot itself wrote: every
 * COMPLETED change_request row, with its request_event rows (the audit trail) and its outbox rows
 * (all delivered), is copied with new keys (id, code, notify token hash, SDX ids, channel) and its
 * times moved into the past, one request a second. Cloning the bot's own rows keeps every column as
 * the bot writes it; going through the bot itself would also post 100,000 approval messages, which
 * the outbox delivers far too slowly for a short benchmark (bench/README.md).
 *
 * <pre>
 * java -cp sqlite-jdbc.jar:postgresql.jar Prefill.java JDBC_URL USER TOTAL
 * </pre>
 *
 * The bot must be stopped (SQLite has one writer). On PostgreSQL the tables are vacuumed and
 * analysed afterwards, as autovacuum would do shortly after such a load: otherwise autovacuum does it
 * while the bot is measured.
 */
public final class Prefill {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (postgres && !url.contains("reWriteBatchedInserts")) {
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        int total = Integer.parseInt(args[2]);
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, args[1], "")) {
            c.setAutoCommit(false);
            List<Map<String, Object>> templates = rows(c,
                    "SELECT * FROM change_request WHERE state = 'COMPLETED' ORDER BY created_at DESC LIMIT 1000");
            java.util.Collections.reverse(templates);
            if (templates.isEmpty()) {
                throw new IllegalStateException("no COMPLETED request to clone");
            }
            Map<String, List<Map<String, Object>>> events = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> outbox = new LinkedHashMap<>();
            Set<String> codes = new HashSet<>();
            for (Map<String, Object> r : rows(c, "SELECT code FROM change_request")) {
                codes.add((String) r.get("code"));
            }
            for (Map<String, Object> t : templates) {
                String id = (String) t.get("id");
                events.put(id, without(rows(c, "SELECT * FROM request_event WHERE request_id = '" + id + "' ORDER BY id"), "id"));
                outbox.put(id, without(rows(c, "SELECT * FROM outbox WHERE request_id = '" + id + "' ORDER BY id"), "id"));
            }
            long existing = count(c, "SELECT COUNT(*) FROM change_request");
            int toInsert = (int) Math.max(0, total - existing);
            long newest = ((Number) templates.get(templates.size() - 1).get("created_at")).longValue();

            Batch requests = new Batch(c, "change_request", templates.get(0).keySet());
            Batch eventRows = new Batch(c, "request_event", events.values().iterator().next().get(0).keySet());
            Batch outboxRows = new Batch(c, "outbox", outbox.values().iterator().next().get(0).keySet());
            int k = 0;
            for (int i = 0; i < toInsert; i++) {
                Map<String, Object> t = templates.get(i % templates.size());
                String templateId = (String) t.get("id");
                // One request a second into the past, before the newest real one.
                long delta = newest - ((Number) t.get("created_at")).longValue() - (long) (toInsert - i) * 1000L;
                String id;
                String code;
                do {
                    id = String.format("b%07x", k) + templateId.substring(8);
                    code = code(k);
                    k++;
                } while (codes.contains(code));
                Map<String, Object> r = shifted(t, delta);
                r.put("id", id);
                r.put("code", code);
                r.put("channel_id", "CPREFILL" + Integer.toString(i % 5000, 36).toUpperCase());
                r.put("notify_token_hash", sha256("prefill-" + id));
                r.put("sdx_request_id", uuidLike(k, t.get("sdx_request_id")));
                r.put("idempotency_key", uuidLike(k, t.get("idempotency_key")));
                r.put("job_id", uuidLike(k, t.get("job_id")));
                r.put("not_before", null);
                r.put("lease_owner", null);
                r.put("lease_until", null);
                requests.add(r);
                for (Map<String, Object> e : events.get(templateId)) {
                    Map<String, Object> row = shifted(e, delta);
                    row.put("request_id", id);
                    eventRows.add(row);
                }
                for (Map<String, Object> o : outbox.get(templateId)) {
                    Map<String, Object> row = shifted(o, delta);
                    row.put("request_id", id);
                    row.put("claimed_by", null);
                    row.put("claimed_until", null);
                    outboxRows.add(row);
                }
                if (requests.size >= 500) {
                    requests.flush();
                    eventRows.flush();
                    outboxRows.flush();
                }
                if (i % 10_000 == 9_999) {
                    c.commit();
                }
            }
            requests.flush();
            eventRows.flush();
            outboxRows.flush();
            c.commit();
            if (postgres) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("VACUUM (ANALYZE)");
                }
            }
            System.out.printf("{\"templates\":%d,\"existing\":%d,\"inserted\":%d,\"events\":%d,\"outbox\":%d,\"seconds\":%.1f}%n",
                    templates.size(), existing, toInsert, eventRows.total, outboxRows.total,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Times (epoch ms columns) moved by delta; everything else as it was. */
    static Map<String, Object> shifted(Map<String, Object> row, long delta) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        for (Map.Entry<String, Object> e : out.entrySet()) {
            String name = e.getKey();
            boolean time = name.endsWith("_at") || name.equals("not_before") || name.equals("lease_until")
                    || name.equals("claimed_until");
            if (time && e.getValue() instanceof Number n) {
                e.setValue(n.longValue() + delta);
            }
        }
        return out;
    }

    static String code(int k) {
        StringBuilder s = new StringBuilder();
        int v = k;
        for (int i = 0; i < 6; i++) {
            s.append(ALPHABET[v % 32]);
            v /= 32;
        }
        return "SDX-" + s.reverse();
    }

    static Object uuidLike(int k, Object template) {
        return template == null ? null : String.format("b%07x", k) + template.toString().substring(8);
    }

    static String sha256(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : d) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Map<String, Object>> rows(Connection c, String sql) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i).toLowerCase(), rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    static List<Map<String, Object>> without(List<Map<String, Object>> rows, String column) {
        rows.forEach(r -> r.remove(column));
        if (rows.isEmpty()) {
            throw new IllegalStateException("a template request has no rows in a child table");
        }
        return rows;
    }

    /** Batched INSERTs of rows with the same columns. */
    static final class Batch {
        final PreparedStatement ps;
        final List<String> columns;
        int size;
        long total;

        Batch(Connection c, String table, Set<String> columns) throws Exception {
            this.columns = new ArrayList<>(columns);
            this.ps = c.prepareStatement("INSERT INTO " + table + " (" + String.join(", ", this.columns) + ") VALUES ("
                    + String.join(", ", this.columns.stream().map(x -> "?").toList()) + ")");
        }

        void add(Map<String, Object> row) throws Exception {
            for (int i = 0; i < columns.size(); i++) {
                ps.setObject(i + 1, row.get(columns.get(i)));
            }
            ps.addBatch();
            size++;
            total++;
        }

        void flush() throws Exception {
            if (size > 0) {
                ps.executeBatch();
                size = 0;
            }
        }
    }
}
