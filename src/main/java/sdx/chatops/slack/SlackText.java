package sdx.chatops.slack;

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
            } else if (c == '<') {
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

    /** Escapes text for Slack's mrkdwn, where {@code &}, {@code <} and {@code >} are control characters. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
