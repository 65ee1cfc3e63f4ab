package sdx.chatops.approval;

import java.util.regex.Pattern;

/**
 * The shapes of Slack ids, where the bot takes ids from outside (a policy file, a signed request):
 * users ({@code U...}, on Enterprise Grid {@code W...}), user groups ({@code S...}), channels
 * ({@code C...} public, {@code G...} private, {@code D...} direct), workspaces ({@code T...}) and
 * organisations ({@code E...}).
 */
public final class SlackIds {

    private static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,30}");
    private static final Pattern GROUP = Pattern.compile("S[A-Z0-9]{2,30}");
    private static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,30}");
    private static final Pattern TEAM = Pattern.compile("[TE][A-Z0-9]{2,30}");

    public static final String PERSON_SHAPE = "a Slack user id (U..., W...) or user group id (S...)";
    public static final String CHANNEL_SHAPE = "a Slack channel id (C..., G..., D...)";

    private SlackIds() {
    }

    public static boolean isUser(String id) {
        return id != null && USER.matcher(id).matches();
    }

    public static boolean isGroup(String id) {
        return id != null && GROUP.matcher(id).matches();
    }

    /** A user or a user group: what a policy may name as admins, requesters or approvers. */
    public static boolean isPerson(String id) {
        return isUser(id) || isGroup(id);
    }

    public static boolean isChannel(String id) {
        return id != null && CHANNEL.matcher(id).matches();
    }

    public static boolean isTeam(String id) {
        return id != null && TEAM.matcher(id).matches();
    }
}
