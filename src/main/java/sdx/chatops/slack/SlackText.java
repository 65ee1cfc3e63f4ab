package sdx.chatops.slack;

import sdx.chatops.approval.SlackIds;

/**
 * Slack's text conventions, both ways. Slack escapes {@code &}, {@code <} and {@code >} in what users
 * type and wraps links and mentions in {@code <...>}; a RouterOS script must reach SDX as typed.
 */
public final class SlackText {

    private SlackText() {
    }

    /**
     * Undoes Slack's escaping in one left-to-right pass, so {@code &amp;lt;} becomes the literal
     * {@code &lt;} the user typed. A raw {@code <...>} can only be Slack's own markup (a typed
     * {@code <} arrives as {@code &lt;}): {@code <target|label>} becomes the label the user typed,
     * {@code <target>} the target.
     */
    public static String unescape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        // No markup can start after the last '>': looking for one from every '<' would be quadratic.
        int lastClose = text.lastIndexOf('>');
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&') {
                if (text.startsWith("&amp;", i)) {
                    out.append('&');
                    i += 5;
                    continue;
                }
                if (text.startsWith("&lt;", i)) {
                    out.append('<');
                    i += 4;
                    continue;
                }
                if (text.startsWith("&gt;", i)) {
                    out.append('>');
                    i += 4;
                    continue;
                }
            } else if (c == '<' && i < lastClose) {
                int end = text.indexOf('>', i + 1);
                if (end > i) {
                    String markup = text.substring(i + 1, end);
                    int bar = markup.indexOf('|');
                    // <#C123|general> was typed as #general, <@U123|ana> as @ana.
                    String sigil = markup.startsWith("#") || markup.startsWith("@") ? markup.substring(0, 1) : "";
                    String label = bar >= 0 ? markup.substring(bar + 1) : markup;
                    out.append(label.startsWith(sigil) ? "" : sigil).append(unescape(label));
                    i = end + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * Escapes text from outside (SDX names, statuses and messages, script text, Slack-supplied fields)
     * for Slack's mrkdwn and for fallback {@code text}, where {@code &}, {@code <} and {@code >} are
     * control characters: {@code <!channel>} would notify a whole channel. The one escape every
     * renderer uses; null renders as nothing.
     */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Outside text as inline code: escaped, with backticks replaced so none can end the code span. */
    public static String code(String text) {
        return "`" + escape(text).replace('`', '\u02CB') + "`";
    }

    public static boolean isUserId(String id) {
        return SlackIds.isUser(id);
    }

    public static boolean isChannelId(String id) {
        return SlackIds.isChannel(id);
    }

    public static boolean isTeamId(String id) {
        return SlackIds.isTeam(id);
    }

    /**
     * A mention of a user, only for a value of a user id's shape: anything else is shown as escaped
     * code, never put inside {@code <@...>} where it could become other markup.
     */
    public static String user(String id) {
        return isUserId(id) ? "<@" + id + ">" : code(id == null ? "unknown user" : id);
    }

    /** A link to a channel, only for a value of a channel id's shape. */
    public static String channel(String id) {
        return isChannelId(id) ? "<#" + id + ">" : code(id == null ? "unknown channel" : id);
    }

    /** People as a policy names them: users as mentions, groups as their id (a group mention would notify it). */
    public static String audience(sdx.chatops.approval.Audience audience) {
        if (audience.isEmpty()) {
            return "nobody";
        }
        return audience.ids().stream()
                .map(id -> isUserId(id) ? user(id) : id.startsWith("S") ? "the user group " + code(id) : code(id))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Several users as mentions, in order. */
    public static String users(java.util.List<String> ids) {
        return ids.stream().map(SlackText::user).collect(java.util.stream.Collectors.joining(", "));
    }

    /** A span of time as people write it: {@code 45s}, {@code 30m}, {@code 4h}, {@code 1h30m}, {@code 2d}. */
    public static String duration(java.time.Duration span) {
        long seconds = span.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }

    /**
     * A point in time, shown in each reader's own time zone by Slack ({@code <!date^...>}), with the
     * UTC time as the fallback for clients that cannot.
     */
    public static String time(java.time.Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|"
                + java.time.format.DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + ">";
    }

    /** Characters a link from outside may have to become a Slack link: no blanks, no {@code <>|}, no quotes. */
    private static final java.util.regex.Pattern SAFE_URL = java.util.regex.Pattern
            .compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[A-Za-z0-9._~%!$'()*+,;=:@/?#\\[\\]-]*)?");

    /**
     * A link from outside (SDX's job log, a backup): a Slack link with {@code label} when it is a plain
     * http(s) URL, otherwise the value as escaped code, never as markup.
     */
    public static String link(String value, String label) {
        if (value != null && value.length() <= 2_000 && SAFE_URL.matcher(value).matches()) {
            return "<" + value.replace("&", "&amp;") + "|" + escape(label) + ">";
        }
        return code(value);
    }

    /**
     * A channel name as Slack allows it (lower-case letters, digits, {@code -}, {@code _}, {@code .}),
     * or empty: used in SDX's job description and the request form's metadata, never trusted as markup.
     */
    public static String channelName(String name) {
        if (name == null) {
            return "";
        }
        String kept = name.replaceAll("[^a-z0-9._-]", "");
        return kept.length() > 80 ? kept.substring(0, 80) : kept;
    }
}
