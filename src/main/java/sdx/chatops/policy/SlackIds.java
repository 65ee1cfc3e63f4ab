package sdx.chatops.policy;

import java.util.regex.Pattern;

/** The shapes of the Slack ids a policy names. */
final class SlackIds {

    static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,}");
    static final Pattern USER = Pattern.compile("[UW][A-Z0-9]{2,}");
    static final Pattern GROUP = Pattern.compile("S[A-Z0-9]{2,}");

    static final String PERSON_SHAPE = "a Slack user id (U..., W...) or user group id (S...)";
    static final String CHANNEL_SHAPE = "a Slack channel id (C..., G..., D...)";

    private SlackIds() {
    }

    static boolean isPerson(String id) {
        return USER.matcher(id).matches() || GROUP.matcher(id).matches();
    }

    static boolean isChannel(String id) {
        return CHANNEL.matcher(id).matches();
    }
}
