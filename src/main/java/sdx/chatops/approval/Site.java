package sdx.chatops.approval;

/**
 * An SDX site (router): its UUID, its SDX name, whether it is checking in, and its RouterOS version
 * when SDX says. The name and the version come from SDX and are shown in Slack only escaped.
 *
 * @param softwareVersion e.g. {@code 7.16.2}, null when unknown
 */
public record Site(String id, String name, boolean hasPulse, String softwareVersion) {

    public Site(String id, String name, boolean hasPulse) {
        this(id, name, hasPulse, null);
    }
}
