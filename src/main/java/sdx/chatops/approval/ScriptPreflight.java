package sdx.chatops.approval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pre-flight check of a RouterOS script, before anyone is asked to approve it. Errors (the
 * script cannot run as written: an unbalanced bracket, an unterminated string, an unknown top-level
 * menu, a line continuation with no line after it) refuse the request, each with its line and
 * column; risks (commands known to cut management access or erase configuration) are shown on the
 * approval message. Not a RouterOS parser: it reads just enough of the syntax (strings, escapes,
 * comments, continuations, brackets, menu paths) to be right about these, and stays silent rather
 * than refuse a script it does not understand.
 *
 * <p>
 * The risks are the table {@link #RISKS} (one entry: what, pattern, why), matched against each
 * command written out in full ({@code add chain=input} after a {@code /ip firewall filter} line reads
 * {@code ip firewall filter add chain=input}); disabling a management interface is one more entry,
 * built from the configured interface names.
 */
public final class ScriptPreflight {

    /** The management interfaces when none are configured. */
    public static final List<String> DEFAULT_MANAGEMENT_INTERFACES = List.of("ether1");
    /** At most this many errors are reported; {@link Report#totalErrors()} counts them all. */
    public static final int MAX_ERRORS = 10;
    /** Marks a risk among a request's stored warnings, which also hold the policy's. */
    static final String WARNING_PREFIX = "Pre-flight: ";

    /**
     * Known top-level menus of RouterOS v7, and the commands of the root menu that are written with a
     * slash ({@code /export}, {@code /ping}).
     */
    static final Set<String> TOP_LEVEL = Set.of("caps-man", "certificate", "console", "container", "disk", "dude", "file",
            "interface", "iot", "ip", "ipv6", "lcd", "log", "lora", "mpls", "partitions", "port", "ppp", "queue", "radius",
            "routing", "snmp", "special-login", "system", "task", "tool", "user", "user-manager", "zerotier",
            // root commands
            "export", "import", "ping", "traceroute", "ssh", "ssh-exec", "telnet", "password", "quit", "undo", "redo",
            "beep");

    /** Words that end a menu path: the commands every menu has, and a few of particular menus. */
    private static final Set<String> VERBS = Set.of("add", "comment", "disable", "edit", "enable", "export", "find", "get",
            "monitor", "move", "print", "remove", "reset", "set", "unset", "reboot", "shutdown", "reset-configuration",
            "uninstall", "downgrade", "upgrade", "info", "warning", "error", "debug");

    private static final String DISABLED = "(?=.*\\bdisabled=\"?(?:yes|true)\\b)";
    private static final String MANAGEMENT = "may cut management access";
    /** A backslash at the end of a line continues the command on the next one. */
    private static final Pattern CONTINUATION = Pattern.compile("\\\\\r?\n");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern MENU_WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** A risk: what it is (as the approval message names it), when a command is one, and why it matters. */
    record Risk(String what, Pattern command, String why) {
        Risk(String what, String command, String why) {
            this(what, Pattern.compile(command), why);
        }
    }

    /** Every risk but the management interface's, in the order they are shown when several apply. */
    static final List<Risk> RISKS = List.of(
            new Risk("`/system reset-configuration`", "^system reset-configuration\\b", "erases the router's configuration"),
            new Risk("`/system reboot`", "^system reboot\\b", "restarts the router; it is out of reach until it is back up"),
            new Risk("`/system shutdown`", "^system shutdown\\b",
                    "switches the router off; someone at the site must switch it on again"),
            new Risk("`/user remove` or `/user disable`", "^user (?:remove|disable)\\b",
                    "may lock out whoever logs in as that user"),
            new Risk("`/user set disabled=yes`", "^user set\\b" + DISABLED, "may lock out whoever logs in as that user"),
            new Risk("`/ip service disable`", "^ip service (?:disable\\b|set\\b" + DISABLED + ")", MANAGEMENT),
            new Risk("a new port for ssh, winbox or api",
                    "^ip service set\\b(?=.*(?<![\\w-])(?:ssh|winbox|api|api-ssl)(?![\\w-]))"
                            + "(?=.*\\bport=)",
                    MANAGEMENT),
            new Risk("a firewall rule dropping input",
                    "^ip(?:v6)? firewall filter (?:add|set)\\b(?=.*\\bchain=\"?input(?![\\w-]))"
                            + "(?=.*\\baction=\"?(?:drop|reject)(?![\\w-]))",
                    "may lock out management"),
            new Risk("`/ip address remove`", "^ip(?:v6)? address remove\\b",
                    "if the router is managed through that address, management access is cut"),
            new Risk("`/routing … remove`", "^(?:routing(?: [\\w-]+)*|ip(?:v6)? route) remove\\b",
                    "may cut the router off the network"),
            new Risk("`/file remove`", "^file remove\\b", "deletes files on the router (backups, certificates, scripts)"),
            new Risk("`/system package` change", "^system package (?:disable|uninstall|downgrade)\\b",
                    "changes the installed RouterOS packages; what they provide goes at the next reboot"));

    /** What the check found. An empty report means the script may be sent for approval as it is. */
    public record Report(List<ScriptError> errors, int totalErrors, List<String> risks) {
        public Report {
            errors = List.copyOf(errors);
            risks = List.copyOf(risks);
        }

        /** Whether the script must be refused. */
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    /** Something that stops the script from running as written, at a 1-based line and column (in characters). */
    public record ScriptError(int line, int column, String message) {
    }

    private final List<String> managementInterfaces;
    private final Risk managementInterface;

    public ScriptPreflight() {
        this(DEFAULT_MANAGEMENT_INTERFACES);
    }

    /**
     * @param managementInterfaces names of the interfaces the router is managed through; an interface
     * whose name contains {@code mgmt} is one too
     */
    public ScriptPreflight(Collection<String> managementInterfaces) {
        this.managementInterfaces = managementInterfaces.stream().map(String::trim).filter(n -> !n.isEmpty()).distinct()
                .toList();
        String names = this.managementInterfaces.stream().map(Pattern::quote).map(n -> n + "|").collect(Collectors.joining());
        this.managementInterface = new Risk("`/interface disable` of a management interface",
                "^interface(?: [\\w-]+){0,2}? (?:disable\\b|set\\b" + DISABLED + ")(?=.*(?<![\\w.-])(" + names
                        + "(?i:[\\w.-]*mgmt[\\w.-]*))(?![\\w.-]))",
                MANAGEMENT);
    }

    public List<String> managementInterfaces() {
        return managementInterfaces;
    }

    public Report check(String script) {
        Scan scan = new Scan(script == null ? "" : script);
        scan.run();
        List<ScriptError> errors = scan.errors.stream()
                .sorted(Comparator.comparingInt(ScriptError::line).thenComparingInt(ScriptError::column)).toList();
        return new Report(errors.subList(0, Math.min(MAX_ERRORS, errors.size())), errors.size(), risks(scan.commands));
    }

    /** A risk as stored among a request's warnings. */
    public static String asWarning(String risk) {
        return WARNING_PREFIX + risk;
    }

    /** The risk, when a stored warning is one from the pre-flight check rather than the policy's. */
    public static Optional<String> riskOf(String warning) {
        return warning != null && warning.startsWith(WARNING_PREFIX)
                ? Optional.of(warning.substring(WARNING_PREFIX.length()))
                : Optional.empty();
    }

    /** One sentence per risk, in the order first seen, naming the lines: {@code `/system reboot` (line 3): ...}. */
    private List<String> risks(List<Command> commands) {
        Map<Risk, List<Integer>> lines = new LinkedHashMap<>();
        Set<String> interfaces = new LinkedHashSet<>();
        for (Command command : commands) {
            for (Risk risk : RISKS) {
                if (risk.command().matcher(command.text()).find()) {
                    lines.computeIfAbsent(risk, r -> new ArrayList<>()).add(command.line());
                }
            }
            Matcher m = managementInterface.command().matcher(command.text());
            if (m.find()) {
                lines.computeIfAbsent(managementInterface, r -> new ArrayList<>()).add(command.line());
                interfaces.add(shown(m.group(1)));
            }
        }
        List<String> risks = new ArrayList<>();
        lines.forEach((risk, at) -> {
            String what = risk == managementInterface
                    ? risk.what() + " " + interfaces.stream().limit(3).collect(Collectors.joining(", "))
                    : risk.what();
            risks.add(what + " (" + lineList(at) + "): " + risk.why());
        });
        return risks;
    }

    /** {@code line 3}, {@code lines 3 and 7}, {@code lines 3, 7, 9 and 2 more}. */
    static String lineList(List<Integer> lines) {
        List<Integer> distinct = lines.stream().distinct().toList();
        if (distinct.size() == 1) {
            return "line " + distinct.get(0);
        }
        List<String> shown = distinct.stream().limit(3).map(String::valueOf).collect(Collectors.toCollection(ArrayList::new));
        if (distinct.size() > 3) {
            shown.add((distinct.size() - 3) + " more");
        }
        return "lines " + String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    /** The nearest known top-level menu, when one is near enough to be what was meant. */
    static Optional<String> nearestMenu(String typed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String menu : TOP_LEVEL.stream().sorted().toList()) {
            int d = distance(lower, menu);
            if (d < bestDistance) {
                best = menu;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(1, Math.min(3, typed.length() / 2)) ? Optional.of(best) : Optional.empty();
    }

    /** Edit distance counting a swap of two neighbours as one edit ({@code sytsem}, {@code system}). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * Script text quoted in a sentence: at most 30 characters, control and invisible formatting
     * characters shown as {@code ?}. Never holds a backtick (the quoted words end at one).
     */
    static String shown(String text) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            if (++count > 30) {
                return out.append('…').toString();
            }
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(invisible ? '?' : cp);
        }
        return out.toString();
    }

    /** One command as written out for the risk table, and the line it starts on. */
    private record Command(String text, int line) {
    }

    /** An open bracket, or the script itself (opener 0), and the command being read inside it. */
    private static final class Frame {
        final char opener;
        final int line;
        final int column;
        int commandStart = -1;
        int commandLine;

        Frame(char opener, int line, int column) {
            this.opener = opener;
            this.line = line;
            this.column = column;
        }

        /** Commands start in the script, in blocks and in command substitutions, not in expressions. */
        boolean holdsCommands() {
            return opener != '(';
        }
    }

    /** One pass over the script. */
    private final class Scan {
        private final String s;
        private final List<ScriptError> errors = new ArrayList<>();
        private final List<Command> commands = new ArrayList<>();
        private final Deque<Frame> frames = new ArrayDeque<>();
        private int i;
        private int line = 1;
        private int column = 1;
        /** The menu of relative commands ({@code add ...} after {@code /ip firewall filter}). */
        private String menu = "";
        /** Where the script's last character other than a blank is, -1 when it is blank. */
        private final int lastNonBlank;

        Scan(String script) {
            this.s = script;
            int last = script.length() - 1;
            while (last >= 0 && Character.isWhitespace(script.charAt(last))) {
                last--;
            }
            this.lastNonBlank = last;
            frames.push(new Frame((char) 0, 1, 1));
        }

        void run() {
            boolean commandStart = true;
            boolean lineStart = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                Frame frame = frames.peek();
                if (commandStart && frame.holdsCommands()) {
                    if (c == ' ' || c == '\t' || c == '\r') {
                        advance();
                        continue;
                    }
                    if (lineStart && c == '#') {
                        while (i < s.length() && s.charAt(i) != '\n') {
                            advance();
                        }
                        continue;
                    }
                    if (c != '\n' && c != ';' && !isCloser(c)) {
                        frame.commandStart = i;
                        frame.commandLine = line;
                        if (c == '/') {
                            checkMenu();
                        }
                        commandStart = false;
                        lineStart = false;
                    }
                }
                switch (c) {
                    case '"' -> string();
                    case '\\' -> backslash();
                    case '\n', ';' -> {
                        if (frame.holdsCommands()) {
                            endCommand(frame, i);
                            commandStart = true;
                            lineStart = c == '\n';
                        }
                        advance();
                    }
                    case '[', '{', '(' -> {
                        frames.push(new Frame(c, line, column));
                        advance();
                        commandStart = c != '(';
                        lineStart = false;
                    }
                    case ']', '}', ')' -> {
                        close(c);
                        advance();
                    }
                    default -> advance();
                }
            }
            endCommand(frames.peek(), s.length());
            while (frames.size() > 1) {
                Frame open = frames.pop();
                error(open.line, open.column, "`" + open.opener + "` is never closed");
                endCommand(frames.peek(), s.length());
            }
        }

        /** A {@code /menu} at the start of a command: its first word must be a known top-level menu. */
        private void checkMenu() {
            int end = i + 1;
            while (end < s.length() && !endsWord(s.charAt(end))) {
                end++;
            }
            String word = s.substring(i + 1, end);
            if (word.isEmpty() || TOP_LEVEL.contains(word)) {
                return;
            }
            Optional<String> nearest = nearestMenu(word);
            error(line, column, "`/" + shown(word) + "` is not a RouterOS menu"
                    + nearest.map(m -> "; did you mean `/" + m + "`?").orElse(""));
        }

        private boolean endsWord(char c) {
            return Character.isWhitespace(c) || "/;[]{}()\"=\\`$".indexOf(c) >= 0;
        }

        /** A string from its opening quote to its closing one; {@code \} escapes the next character. */
        private void string() {
            int startLine = line;
            int startColumn = column;
            advance();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    advance();
                    return;
                }
                if (c == '\\' && i + 1 < s.length()) {
                    advance();
                }
                advance();
            }
            error(startLine, startColumn, "the string that starts here is never closed (a `\"` is missing)");
        }

        /** Outside strings: {@code \} at the end of a line continues the line; before anything else it escapes it. */
        private void backslash() {
            int at = i;
            int atLine = line;
            int atColumn = column;
            advance();
            if (i < s.length() && s.charAt(i) == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                advance();
            }
            if (at == lastNonBlank) {
                error(atLine, atColumn, "the line continuation `\\` at the end of the script has no line to continue");
            }
            if (i < s.length()) {
                advance();
            }
        }

        private void close(char closer) {
            char opener = closer == ']' ? '[' : closer == '}' ? '{' : '(';
            Frame top = frames.peek();
            if (top.opener == opener) {
                endCommand(top, i);
                frames.pop();
                return;
            }
            boolean deeper = frames.stream().anyMatch(f -> f.opener == opener);
            if (!deeper) {
                if (frames.size() == 1) {
                    error(line, column, "`" + closer + "` has no `" + opener + "` before it to close");
                } else {
                    error(line, column, "`" + closer + "` does not close the `" + top.opener + "` opened at line " + top.line
                            + ", column " + top.column);
                    endCommand(top, i);
                    frames.pop();
                }
                return;
            }
            while (frames.peek().opener != opener) {
                Frame open = frames.pop();
                error(open.line, open.column, "`" + open.opener + "` is not closed before the `" + closer + "` at line "
                        + line + ", column " + column);
                endCommand(open, i);
            }
            endCommand(frames.peek(), i);
            frames.pop();
        }

        /** The command read in this frame ends here: written out in full, it is one row for the risk table. */
        private void endCommand(Frame frame, int end) {
            if (frame.commandStart < 0) {
                return;
            }
            String text = BLANKS.matcher(CONTINUATION.matcher(s.substring(frame.commandStart, end)).replaceAll(" "))
                    .replaceAll(" ").trim();
            int line = frame.commandLine;
            frame.commandStart = -1;
            if (text.isEmpty() || text.startsWith(":")) {
                return;
            }
            if (text.startsWith("/")) {
                String[] words = text.substring(1).split(" ", 2);
                text = (words[0].replace('/', ' ') + (words.length > 1 ? " " + words[1] : "")).trim();
                if (frame.opener != '[') {
                    menu = menuOf(text);
                }
            } else if (!menu.isEmpty()) {
                text = menu + " " + text;
            }
            commands.add(new Command(text, line));
        }

        /** The menu path at the start of a command: the words before its first command or argument. */
        private String menuOf(String command) {
            List<String> path = new ArrayList<>();
            for (String word : command.split(" ")) {
                if (word.isEmpty() || VERBS.contains(word) || !MENU_WORD.matcher(word).matches()) {
                    break;
                }
                path.add(word);
            }
            return String.join(" ", path);
        }

        private void error(int atLine, int atColumn, String message) {
            errors.add(new ScriptError(atLine, atColumn, message));
        }

        private boolean isCloser(char c) {
            return c == ']' || c == '}' || c == ')';
        }

        /** One character on, counting lines and columns (a surrogate pair is one column). */
        private void advance() {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                i++;
                return;
            }
            i += Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
            column++;
        }
    }
}
