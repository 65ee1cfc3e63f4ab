package sdx.chatops.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Slack accepts about one message per second per channel. The pace is kept in the store so that
 * several replicas together still post at most one message per second into a channel.
 */
@ApplicationScoped
public class ChannelPace {

    /**
     * Reserves the channel's next post slot if it is free now; otherwise says when it will be.
     * Returns null when reserved.
     */
    public Instant reserve(Connection c, String channel, Duration pace, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE channel_pace SET next_post_at = ? WHERE channel_id = ? AND next_post_at <= ?")) {
            ps.setLong(1, now.plus(pace).toEpochMilli());
            ps.setString(2, channel);
            ps.setLong(3, now.toEpochMilli());
            if (ps.executeUpdate() == 1) {
                return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO channel_pace (channel_id, next_post_at) VALUES (?, ?) ON CONFLICT (channel_id) DO NOTHING")) {
            ps.setString(1, channel);
            ps.setLong(2, now.plus(pace).toEpochMilli());
            if (ps.executeUpdate() == 1) {
                return null;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT next_post_at FROM channel_pace WHERE channel_id = ?")) {
            ps.setString(1, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : now.plus(pace);
            }
        }
    }
}
