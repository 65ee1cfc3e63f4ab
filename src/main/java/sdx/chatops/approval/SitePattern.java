package sdx.chatops.approval;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A site as a policy rule or a freeze names it: a site UUID (matched exactly, ignoring case), or a
 * glob over the SDX site name, case-insensitive: {@code *} any run of characters, {@code ?} one
 * character, {@code [abc]} / {@code [a-z]} / {@code [!abc]} one of a set, {@code \} escapes the next
 * character. {@code *} alone matches every site.
 */
public final class SitePattern {

    private static final Pattern UUID = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String text;
    private final Pattern glob;

    private SitePattern(String text, Pattern glob) {
        this.text = text;
        this.glob = glob;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the glob (an unclosed {@code [},
     * a trailing {@code \}, an empty pattern)
     */
    public static SitePattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a site pattern must not be empty");
        }
        String trimmed = text.trim();
        if (UUID.matcher(trimmed).matches()) {
            return new SitePattern(trimmed, null);
        }
        return new SitePattern(trimmed, compile(trimmed));
    }

    public boolean isUuid() {
        return glob == null;
    }

    public boolean matches(Site site) {
        if (glob == null) {
            return text.equalsIgnoreCase(site.id());
        }
        return site.name() != null && glob.matcher(site.name()).matches();
    }

    /** As written in the policy file or the command. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SitePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static Pattern compile(String globText) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < globText.length(); i++) {
            char c = globText.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '\\' -> {
                    if (i + 1 == globText.length()) {
                        throw new IllegalArgumentException("glob '" + globText + "' ends with a lone \\");
                    }
                    regex.append(Pattern.quote(String.valueOf(globText.charAt(++i))));
                }
                case '[' -> {
                    int close = globText.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("glob '" + globText + "' has a [ without its ]");
                    }
                    String set = globText.substring(i + 1, close);
                    boolean negated = set.startsWith("!");
                    String members = negated ? set.substring(1) : set;
                    if (members.isEmpty()) {
                        throw new IllegalArgumentException("glob '" + globText + "' has an empty [] set");
                    }
                    regex.append('[').append(negated ? "^" : "")
                            .append(members.replace("\\", "\\\\").replace("[", "\\[").replace("^", "\\^").replace("&", "\\&"))
                            .append(']');
                    i = close;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("glob '" + globText + "' is not valid: " + e.getDescription());
        }
    }
}
