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
        if (text.isBlank()) {
            return new SdxCommand.OpenModal(null);
        }
        int space = indexOfWhitespace(text, 0);
        String verb = (space < 0 ? text : text.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space).stripLeading();
        return switch (verb) {
            case "help" -> new SdxCommand.Help(null);
            case "queue" -> parseQueue(rest);
            case "freeze" -> parseFreeze(rest);
            case "unfreeze" -> parseUnfreeze(rest.strip());
            case "audit" -> isCode(rest) ? new SdxCommand.Audit(rest.strip())
                    : new SdxCommand.Help("`audit` needs a request code, like `/sdx audit SDX-7F3K2Q`.");
            case "status" -> isCode(rest) ? new SdxCommand.Status(rest.strip())
                    : new SdxCommand.Help("`status` needs a request code, like `/sdx status SDX-7F3K2Q`.");
            case "cancel" -> isCode(rest) ? new SdxCommand.Cancel(rest.strip())
                    : new SdxCommand.Help("`cancel` needs a request code, like `/sdx cancel SDX-7F3K2Q`.");
            case "pending" -> rest.isBlank() ? new SdxCommand.Pending() : new SdxCommand.Help("`pending` takes nothing more.");
            case "sites" -> parseSites(rest.strip());
            case "history" -> parseHistory(rest.strip());
            case "freezes" -> rest.isBlank() ? new SdxCommand.Freezes() : new SdxCommand.Help("`freezes` takes nothing more.");
            default -> new SdxCommand.Help("I don't know the sub-command " + SlackText.code(verb) + ".");
        };
    }

    /** Options of {@code queue}, before the site. */
    private static final class QueueOptions {
        String emergencyReason;
        String reason;
        boolean noBackup;
        boolean express;
        boolean noAcknowledgement;
    }

    private static SdxCommand parseQueue(String input) {
        if (input.isBlank()) {
            return new SdxCommand.OpenModal(null);
        }
        QueueOptions options = new QueueOptions();
        String rest = input;
        boolean hadOptions = rest.startsWith("--");
        while (rest.startsWith("--")) {
            int space = indexOfWhitespace(rest, 0);
            String flag = (space < 0 ? rest : rest.substring(0, space)).toLowerCase(Locale.ROOT);
            rest = space < 0 ? "" : rest.substring(space).stripLeading();
            if (flag.equals("--")) {
                break;
            }
            switch (flag) {
                case "--no-backup" -> options.noBackup = true;
                case "--express" -> options.express = true;
                case "--no-ack" -> options.noAcknowledgement = true;
                case "--emergency", "--reason" -> {
                    String[] valueAndRest = value(rest);
                    if (valueAndRest == null) {
                        return new SdxCommand.Help(SlackText.code(flag) + " needs a reason, in quotes if it has spaces: "
                                + SlackText.code(flag + " \"why it cannot wait\""));
                    }
                    if (flag.equals("--emergency")) {
                        options.emergencyReason = valueAndRest[0];
                    } else {
                        options.reason = valueAndRest[0];
                    }
                    rest = valueAndRest[1];
                }
                default -> {
                    return new SdxCommand.Help("I don't know the option " + SlackText.code(flag)
                            + " (options: `--reason`, `--emergency`, `--no-backup`, `--express`, `--no-ack`).");
                }
            }
        }
        SdxCommand queue = parseSiteAndScript(rest);
        if (queue instanceof SdxCommand.OpenModal && hadOptions) {
            return new SdxCommand.Help("`queue` with options needs a site and a script; `/sdx queue &lt;site&gt;` alone opens"
                    + " the form.");
        }
        if (queue instanceof SdxCommand.Queue q) {
            return new SdxCommand.Queue(q.site(), q.script(), options.emergencyReason, options.reason, options.noBackup,
                    options.express, options.noAcknowledgement);
        }
        return queue;
    }

    /** A quoted or one-word value at the start of {@code text}, and what follows it; null when there is none. */
    private static String[] value(String text) {
        if (text.isEmpty()) {
            return null;
        }
        char first = text.charAt(0);
        String value;
        String after;
        if (first == '"' || first == '\u201C') {
            int close = indexOfQuote(text, 1);
            if (close < 0) {
                return null;
            }
            value = text.substring(1, close).strip();
            after = text.substring(close + 1).stripLeading();
        } else {
            int space = indexOfWhitespace(text, 0);
            value = space < 0 ? text : text.substring(0, space);
            after = space < 0 ? "" : text.substring(space).stripLeading();
        }
        return value.isEmpty() ? null : new String[] { value, after };
    }

    private static SdxCommand parseFreeze(String rest) {
        String[] parts = rest.strip().split("\\s+", 3);
        if (parts.length < 3 || parts[0].isEmpty()) {
            return new SdxCommand.Help("`freeze` needs sites, a duration and a reason: "
                    + "`/sdx freeze core-* 4h maintenance window`, or `all` for every site.");
        }
        String sites = parts[0].equalsIgnoreCase("all") ? "*" : parts[0];
        try {
            sdx.chatops.approval.SitePattern.of(sites);
        } catch (IllegalArgumentException e) {
            return new SdxCommand.Help(SlackText.escape(e.getMessage()) + ".");
        }
        java.time.Duration duration;
        try {
            duration = sdx.chatops.approval.Durations.parse(parts[1]);
        } catch (IllegalArgumentException e) {
            return new SdxCommand.Help(SlackText.escape(e.getMessage()) + ".");
        }
        return new SdxCommand.Freeze(sites, duration, parts[2].strip());
    }

    /** Most requests {@code /sdx history} lists at once. */
    static final int MOST_HISTORY = 50;

    private static boolean isCode(String text) {
        return text.strip().matches("(?i)SDX-[0-9A-Z]{6}");
    }

    private static SdxCommand parseSites(String rest) {
        String filter = rest;
        int page = 1;
        java.util.regex.Matcher paged = java.util.regex.Pattern.compile("(.*?)\\s*--page\\s+(\\d{1,4})\\s*$").matcher(rest);
        if (paged.matches()) {
            filter = paged.group(1).strip();
            page = Integer.parseInt(paged.group(2));
        }
        if (page < 1) {
            return new SdxCommand.Help("`--page` counts from 1.");
        }
        if (filter.length() > 100) {
            return new SdxCommand.Help("That filter is too long; a part of a site name or UUID is enough.");
        }
        return new SdxCommand.Sites(filter, page);
    }

    private static SdxCommand parseHistory(String rest) {
        if (rest.isEmpty()) {
            return new SdxCommand.Help("`history` needs a site: `/sdx history core-rtr-01 [how many]`.");
        }
        String site = rest;
        int count = 10;
        java.util.regex.Matcher counted = java.util.regex.Pattern.compile("(.+?)\\s+(\\d{1,6})$").matcher(rest);
        if (counted.matches()) {
            site = counted.group(1).strip();
            count = Integer.parseInt(counted.group(2));
        }
        if (site.length() >= 2 && (site.startsWith("\"") || site.startsWith("\u201C"))
                && (site.endsWith("\"") || site.endsWith("\u201D"))) {
            site = site.substring(1, site.length() - 1).strip();
        }
        if (count < 1 || count > MOST_HISTORY) {
            return new SdxCommand.Help("`history` shows 1 to " + MOST_HISTORY + " requests.");
        }
        return site.isEmpty() ? new SdxCommand.Help("`history` needs a site.") : new SdxCommand.History(site, count);
    }

    private static SdxCommand parseUnfreeze(String target) {
        if (target.equalsIgnoreCase("all")) {
            return new SdxCommand.Unfreeze(null);
        }
        if (target.matches("\\d{1,18}")) {
            return new SdxCommand.Unfreeze(Long.parseLong(target));
        }
        return new SdxCommand.Help("`unfreeze` needs a freeze number (see `/sdx freezes`) or `all`.");
    }

    private static SdxCommand parseSiteAndScript(String rest) {
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
            // A site and no script: the form, for a multi-line script.
            return new SdxCommand.OpenModal(site);
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
