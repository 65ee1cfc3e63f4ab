package sdx.chatops.policy;

import java.util.List;

/**
 * A policy that cannot be used, with every problem found in it, each on its own line and each naming
 * the file (with the line), the rule and the key, so that an operator fixes the file in one round.
 */
public final class InvalidPolicyException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    InvalidPolicyException(String source, List<String> problems) {
        super(describe(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file's path as configured in {@code SDX_POLICY_FILE}. */
    public String source() {
        return source;
    }

    /** One line per problem: {@code <file>:<line>: <rule>, key <key>: <what is wrong>}. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(String source, List<String> problems) {
        StringBuilder text = new StringBuilder("the policy file ").append(source).append(" (SDX_POLICY_FILE) has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        problems.forEach(problem -> text.append("\n  ").append(problem));
        return text.toString();
    }
}
