package sdx.chatops.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slack accepts about one message per second per channel. The pace is kept in the store so that
 * several replicas together still post at most one message per second into a channel.
 */
@ApplicationScoped
public class ChannelPace {

    private final Database db;

    @Inject
    public ChannelPace(Database db) {
        this.db = db;
    }

    /**
     * Reserves the channel's next post slot if it is free now; otherwise says when it will be.
     * Returns null when reserved.
     */
    public Instant reserve(String channel, Duration pace, Instant now) {
        return db.inTransaction(c -> {
            if (ChangeRequestRows.execute(c, "UPDATE channel_pace SET next_post_at = ? WHERE channel_id = ?"
                    + " AND next_post_at <= ?", now.plus(pace), channel, now) == 1) {
                return null;
            }
            if (ChangeRequestRows.execute(c, "INSERT INTO channel_pace (channel_id, next_post_at) VALUES (?, ?)"
                    + " ON CONFLICT (channel_id) DO NOTHING", channel, now.plus(pace)) == 1) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT next_post_at FROM channel_pace WHERE channel_id = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : now.plus(pace);
                }
            }
        });
    }
}
