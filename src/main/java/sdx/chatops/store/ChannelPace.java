package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Slack accepts about one message per second per channel. The pace is kept in the store, in the
 * transaction that claims outbox entries, so that several replicas together still post at most one
 * message per second into a channel.
 */
final class ChannelPace {

    private ChannelPace() {
    }

    /** The channels among {@code channels} (nulls ignored) that are not free now, and until when. */
    static Map<String, Instant> busyUntil(Connection c, Collection<String> channels, Instant now) throws SQLException {
        List<String> names = channels.stream().filter(Objects::nonNull).distinct().toList();
        Map<String, Instant> busy = new HashMap<>();
        if (names.isEmpty()) {
            return busy;
        }
        String marks = String.join(", ", Collections.nCopies(names.size(), "?"));
        try (Statements.Lease lease = Statements.prepareOnce(c, "SELECT channel_id, next_post_at FROM channel_pace"
                + " WHERE next_post_at > ? AND channel_id IN (" + marks + ")")) {
            PreparedStatement ps = lease.statement();
            ps.setLong(1, now.toEpochMilli());
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 2, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    busy.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
        }
        return busy;
    }

    /**
     * Reserves the next post slot of each of {@code channels} (in their order: callers lock channels in
     * name order) whose slot is free now, in one batch of statements; returns the channels whose slot
     * was taken, with when each will be free (empty when all were reserved).
     */
    static Map<String, Instant> reserve(Connection c, Collection<String> channels, Duration pace, Instant now)
            throws SQLException {
        List<String> names = List.copyOf(channels);
        List<Object[]> rows = new ArrayList<>(names.size());
        for (String channel : names) {
            rows.add(new Object[] { channel, now.plus(pace), now });
        }
        // One statement per channel whether it is new or not: SQLite and PostgreSQL both count a row
        // inserted, or updated because its slot is free, and nothing when it is taken.
        int[] reserved = ChangeRequestRows.executeEach(c, "INSERT INTO channel_pace (channel_id, next_post_at) VALUES (?, ?)"
                + " ON CONFLICT (channel_id) DO UPDATE SET next_post_at = excluded.next_post_at"
                + " WHERE channel_pace.next_post_at <= ?", rows);
        Map<String, Instant> taken = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (reserved[i] != 1) {
                taken.put(names.get(i), nextPostAt(c, names.get(i), now.plus(pace)));
            }
        }
        return taken;
    }

    private static Instant nextPostAt(Connection c, String channel, Instant otherwise) throws SQLException {
        try (Statements.Lease lease = Statements.prepare(c, "SELECT next_post_at FROM channel_pace WHERE channel_id = ?")) {
            PreparedStatement ps = lease.statement();
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : otherwise;
            }
        }
    }
}
