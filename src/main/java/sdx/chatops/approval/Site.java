package sdx.chatops.approval;

/**
 * An SDX site (router): its UUID, its SDX name and whether it is checking in. The name and the
 * version come from SDX and are shown in Slack only escaped.
 */
public record Site(String id, String name, boolean hasPulse) {
}
