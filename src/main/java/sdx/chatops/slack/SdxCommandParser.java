package sdx.chatops.slack;

import java.util.Locale;

/**
 * Parses the text after {@code /sdx}. The site may be quoted ("Branch Office 1") because SDX names
 * can contain spaces; everything after it is the script, kept as typed.
 */
public final class SdxCommandParser {

    private SdxCommandParser() {
    }

    public static SdxCommand parse(String slackText) {
        // Only leading blanks go: the script, at the end, keeps everything the engineer typed.
        String text = SlackText.unescape(slackText).stripLeading();
        if (text.isEmpty()) {
            return new SdxCommand.Help(null);
        }
        int space = indexOfWhitespace(text, 0);
        String verb = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space).stripLeading();
        return switch (verb) {
            case "help" -> new SdxCommand.Help(null);
            case "queue" -> parseQueue(rest);
            default -> new SdxCommand.Help("I don't know the sub-command " + SlackText.code(verb) + ".");
        };
    }

    private static SdxCommand parseQueue(String rest) {
        if (rest.isEmpty()) {
            return new SdxCommand.Help("`queue` needs a site and a script.");
        }
        String site;
        String script;
        char first = rest.charAt(0);
        if (first == '"' || first == '\u201C') {
            int close = indexOfQuote(rest, 1);
            if (close < 0) {
                return new SdxCommand.Help("The quoted site name is missing its closing quote.");
            }
            site = rest.substring(1, close).strip();
            script = rest.substring(close + 1);
        } else {
            int space = indexOfWhitespace(rest, 0);
            site = space < 0 ? rest : rest.substring(0, space);
            script = space < 0 ? "" : rest.substring(space);
        }
        script = stripSeparator(script);
        if (site.isEmpty()) {
            return new SdxCommand.Help("`queue` needs a site: its SDX name or UUID.");
        }
        if (script.isBlank()) {
            return new SdxCommand.Help("`queue` needs a script after the site.");
        }
        return new SdxCommand.Queue(site, script);
    }

    /** Drops the blanks that separate the site from the script, and nothing of the script itself. */
    private static String stripSeparator(String script) {
        int i = 0;
        while (i < script.length() && (script.charAt(i) == ' ' || script.charAt(i) == '\t')) {
            i++;
        }
        return script.substring(i);
    }

    private static int indexOfWhitespace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfQuote(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\u201D') {
                return i;
            }
        }
        return -1;
    }
}
