package sdx.chatops.approval;

import java.util.regex.Pattern;

/**
 * A {@code deny} or {@code warn} entry of a policy rule: a regular expression searched for in the
 * script (anywhere, {@link java.util.regex.Matcher#find()}), and the reason shown to people.
 */
public record ScriptRule(Pattern pattern, String reason) {

    public boolean matches(String script) {
        return pattern.matcher(script).find();
    }
}
