package sdx.chatops.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

import sdx.chatops.approval.Audience;
import sdx.chatops.approval.Durations;
import sdx.chatops.approval.Policy;
import sdx.chatops.approval.PolicyRule;
import sdx.chatops.approval.ScriptRule;
import sdx.chatops.approval.SitePattern;
import sdx.chatops.approval.SlackIds;

/**
 * The policy file ({@code SDX_POLICY_FILE}, README "Policy") read into a {@link Policy}, checked by
 * hand so that every problem is found in one pass and named by file and line, rule and key. Also the
 * implicit policy used without a file.
 */
public final class PolicyFile {

    public static final int DEFAULT_APPROVALS = 1;
    /** How long a request may wait for its approvals when the file says nothing. */
    public static final Duration DEFAULT_APPROVAL_TTL = Duration.ofHours(4);
    /** The name of the one rule of the implicit policy. */
    public static final String IMPLICIT_RULE = "default";
    /** {@link Policy#source()} of the implicit policy. */
    public static final String IMPLICIT_SOURCE = "SDX_APPROVERS";
    /** Larger files are refused before they are parsed. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final List<String> TOP_KEYS = List.of("admins", "defaults", "rules");
    private static final List<String> DEFAULTS_KEYS = List.of("approvals", "approval_ttl");
    private static final List<String> RULE_KEYS = List.of("name", "channels", "sites", "requesters", "approvers",
            "approvals", "approval_ttl", "approvals_channel", "force_backup", "require_reason", "deny", "warn");
    private static final List<String> SCRIPT_RULE_KEYS = List.of("pattern", "reason");

    /** A valid policy, and what is allowed but probably not meant (logged as warnings). */
    public record Parsed(Policy policy, List<String> warnings) {

        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    private PolicyFile() {
    }

    /**
     * The file's bytes, following symbolic links (a Kubernetes ConfigMap mount is one).
     *
     * @throws InvalidPolicyException when it is missing, not a file, unreadable or too large
     */
    public static byte[] read(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidPolicyException(file, List.of(file + ": is not a valid path (" + e.getReason() + ")"));
        }
        try {
            if (Files.isDirectory(path)) {
                throw new InvalidPolicyException(file, List.of(file + ": is a directory, not a file"));
            }
            try (InputStream in = Files.newInputStream(path)) {
                byte[] content = in.readNBytes(MAX_BYTES + 1);
                if (content.length > MAX_BYTES) {
                    throw new InvalidPolicyException(file,
                            List.of(file + ": is larger than " + MAX_BYTES / 1024 + " KiB; a policy file is a few rules"));
                }
                return content;
            }
        } catch (NoSuchFileException e) {
            String where = path.isAbsolute() ? "" : " (looked for " + path.toAbsolutePath() + ")";
            throw new InvalidPolicyException(file, List.of(file + ": does not exist" + where));
        } catch (AccessDeniedException e) {
            throw new InvalidPolicyException(file, List.of(file + ": cannot be read: permission denied"));
        } catch (IOException e) {
            throw new InvalidPolicyException(file, List.of(file + ": cannot be read: " + e));
        }
    }

    /**
     * Parses and checks a policy file's content.
     *
     * @param file the path as configured, named in every problem and kept as {@link Policy#source()}
     * @param envAdmins the admins from {@code SDX_ADMINS}, used when the file has no {@code admins} key
     *
     * @throws InvalidPolicyException listing every problem
     */
    public static Parsed parse(String file, byte[] content, Audience envAdmins) {
        return new Checker(file, envAdmins).check(content);
    }

    /**
     * The policy without a file, as before policy files: one rule called {@value #IMPLICIT_RULE}, any
     * channel, any site, the approvers of {@code SDX_APPROVERS}, one approval, no expiry, nothing
     * forced, denied or warned about.
     */
    public static Policy implicit(List<String> approvers, Audience admins) {
        PolicyRule rule = new PolicyRule(IMPLICIT_RULE, Set.of(PolicyRule.ANY_CHANNEL), List.of(SitePattern.of("*")),
                Audience.nobody(), Audience.of(approvers), DEFAULT_APPROVALS, null, null, false, false, List.of(),
                List.of());
        return new Policy(admins, List.of(rule), IMPLICIT_SOURCE);
    }

    /**
     * The admins from {@code SDX_ADMINS}.
     *
     * @throws IllegalArgumentException naming every id that is not of a Slack user's or group's shape
     */
    public static Audience envAdmins(List<String> ids) {
        List<String> valid = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String raw : ids) {
            String id = raw == null ? "" : raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            (SlackIds.isPerson(id) ? valid : wrong).add(id);
        }
        if (!wrong.isEmpty()) {
            String quoted = String.join(", ", wrong.stream().map(id -> "'" + id + "'").toList());
            throw new IllegalArgumentException("SDX_ADMINS: " + quoted + (wrong.size() == 1 ? " is not " + SlackIds.PERSON_SHAPE
                    : " are not Slack user ids (U..., W...) or user group ids (S...)"));
        }
        return Audience.of(valid);
    }

    private record Problem(int line, String text) {
    }

    /** One pass over one file: collects every problem, then either builds the policy or throws. */
    private static final class Checker {

        private final String file;
        private final Audience envAdmins;
        /** Every problem found, with its line, reported in the order of the file. */
        private final List<Problem> problems = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        /** Places whose value is already reported as not what the file means (an alias). */
        private final Set<String> silenced = new HashSet<>();
        private Map<Integer, String> ruleNames = Map.of();
        private LocatedYaml yaml;
        private JsonNode root;

        Checker(String file, Audience envAdmins) {
            this.file = file;
            this.envAdmins = envAdmins;
        }

        Parsed check(byte[] content) {
            try {
                yaml = LocatedYaml.read(content);
            } catch (LocatedYaml.SyntaxError e) {
                ruleNames = e.ruleNames;
                problems.add(new Problem(e.line, format(e.line, e.at, e.getMessage())));
                throw invalid();
            }
            root = yaml.root();
            for (LocatedYaml.Finding finding : yaml.findings()) {
                int line = finding.line() > 0 ? finding.line() : yaml.line(finding.at()).orElse(1);
                problems.add(new Problem(line, format(line, finding.at(), finding.what())));
                if (finding.hidesValue()) {
                    silenced.add(finding.at().toString());
                }
            }
            JsonPointer top = JsonPointer.empty();
            if (root == null || root.isMissingNode() || root.isNull()) {
                problem(top, "the file is empty; a policy needs at least its rules (README.md, section Policy)");
                throw invalid();
            }
            if (!root.isObject()) {
                problem(top, "the file must be a mapping with the keys " + String.join(", ", TOP_KEYS) + ", not "
                        + kind(root));
                throw invalid();
            }
            unknownKeys(root, top, TOP_KEYS, "the top level");
            Audience admins = root.has("admins") ? people(root, top, "admins", false, true) : envAdmins;

            int approvals = DEFAULT_APPROVALS;
            Duration ttl = DEFAULT_APPROVAL_TTL;
            JsonNode defaults = root.get("defaults");
            JsonPointer defaultsAt = top.appendProperty("defaults");
            if (defaults != null) {
                if (!defaults.isObject()) {
                    problem(defaultsAt, "must be a mapping of approvals and approval_ttl, not " + kind(defaults));
                } else {
                    unknownKeys(defaults, defaultsAt, DEFAULTS_KEYS, "defaults");
                    approvals = approvals(defaults, defaultsAt, approvals);
                    ttl = duration(defaults, defaultsAt, "approval_ttl", ttl);
                }
            }
            List<PolicyRule> rules = rules(approvals, ttl);
            if (!problems.isEmpty()) {
                throw invalid();
            }
            warnAboutRules(rules);
            return new Parsed(new Policy(admins, rules, file), warnings);
        }

        private List<PolicyRule> rules(int defaultApprovals, Duration defaultTtl) {
            JsonPointer at = JsonPointer.empty().appendProperty("rules");
            JsonNode rules = root.get("rules");
            if (rules == null) {
                problem(at, "missing; a policy file allows only what a rule allows, so it needs at least one rule");
                return List.of();
            }
            if (!rules.isArray()) {
                problem(at, "must be a list of rules (each starting with '- '), not " + kind(rules));
                return List.of();
            }
            if (rules.isEmpty()) {
                problem(at, "is empty; a policy file allows only what a rule allows, so it needs at least one rule");
            }
            List<PolicyRule> result = new ArrayList<>();
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; i < rules.size(); i++) {
                PolicyRule rule = rule(rules.get(i), at.appendIndex(i), i, names, defaultApprovals, defaultTtl);
                if (rule != null) {
                    result.add(rule);
                }
            }
            return result;
        }

        private PolicyRule rule(JsonNode node, JsonPointer at, int index, Map<String, Integer> names, int defaultApprovals,
                Duration defaultTtl) {
            if (!node.isObject()) {
                problem(at, "must be a mapping (name, channels, sites, approvers, ...), not " + kind(node));
                return null;
            }
            int before = problems.size();
            unknownKeys(node, at, RULE_KEYS, "a rule");
            String name = "rules[" + index + "]";
            if (node.has("name")) {
                String given = string(node, at, "name");
                if (given != null) {
                    Integer earlier = names.putIfAbsent(given, index);
                    if (earlier != null) {
                        problem(at.appendProperty("name"),
                                "'" + given + "' is already the name of rules[" + earlier + "]; names must be unique");
                    }
                    name = given;
                }
            }
            Set<String> channels = channels(node, at);
            List<SitePattern> sites = sites(node, at);
            Audience requesters = node.has("requesters") ? people(node, at, "requesters", false, false) : Audience.nobody();
            Audience approvers = people(node, at, "approvers", true, false);
            int approvals = approvals(node, at, defaultApprovals);
            Duration ttl = duration(node, at, "approval_ttl", defaultTtl);
            String approvalsChannel = approvalsChannel(node, at);
            boolean forceBackup = bool(node, at, "force_backup");
            boolean requireReason = bool(node, at, "require_reason");
            List<ScriptRule> deny = scriptRules(node, at, "deny");
            List<ScriptRule> warn = scriptRules(node, at, "warn");
            if (problems.size() > before) {
                return null;
            }
            return new PolicyRule(name, channels, sites, requesters, approvers, approvals, ttl, approvalsChannel,
                    forceBackup, requireReason, deny, warn);
        }

        private Set<String> channels(JsonNode rule, JsonPointer at) {
            List<String> ids = strings(rule, at, "channels", true, "[C0CORE001] or [\"*\"]", (id) -> {
                if (id.equals(PolicyRule.ANY_CHANNEL) || SlackIds.isChannel(id)) {
                    return null;
                }
                return "'" + id + "' is not " + SlackIds.CHANNEL_SHAPE + " or \"*\""
                        + (id.startsWith("#") ? "; write the channel's id (in its details in Slack), not its name" : "");
            });
            return ids == null ? Set.of() : new LinkedHashSet<>(ids);
        }

        private List<SitePattern> sites(JsonNode rule, JsonPointer at) {
            List<String> texts = strings(rule, at, "sites", true, "[\"branch-*\"]", text -> {
                try {
                    SitePattern.of(text);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            });
            return texts == null ? List.of() : texts.stream().map(SitePattern::of).toList();
        }

        /** A list of user and group ids; {@code allowEmpty} for admins (nobody), never for requesters. */
        private Audience people(JsonNode parent, JsonPointer at, String key, boolean required, boolean allowEmpty) {
            JsonNode node = parent.get(key);
            if (node != null && node.isArray() && node.isEmpty()) {
                if (!allowEmpty) {
                    problem(at.appendProperty(key), key.equals("requesters")
                            ? "is empty; leave the key out to let anyone in the channel ask, or list who may"
                            : "is empty; list at least one user (U..., W...) or user group (S...)");
                }
                return Audience.nobody();
            }
            List<String> ids = strings(parent, at, key, required, "[S0NETOPS, U0CTO]",
                    id -> SlackIds.isPerson(id) ? null : "'" + id + "' is not " + SlackIds.PERSON_SHAPE);
            return ids == null ? Audience.nobody() : Audience.of(ids);
        }

        /**
         * A non-empty list of non-blank strings, each passing {@code check} (which returns the problem,
         * or null); null when anything is wrong (each problem recorded).
         */
        private List<String> strings(JsonNode parent, JsonPointer at, String key, boolean required, String example,
                Function<String, String> check) {
            JsonPointer keyAt = at.appendProperty(key);
            JsonNode node = present(parent, keyAt, key, required, key + ": " + example);
            if (node == null) {
                return null;
            }
            if (!node.isArray()) {
                problem(keyAt, "must be a list, e.g. " + key + ": " + example + ", not " + kind(node));
                return null;
            }
            if (node.isEmpty()) {
                problem(keyAt, "is empty; list at least one, e.g. " + key + ": " + example);
                return null;
            }
            List<String> values = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                JsonPointer elementAt = keyAt.appendIndex(i);
                if (!element.isTextual()) {
                    problem(elementAt, "must be a string, not " + kind(element));
                    ok = false;
                    continue;
                }
                String value = element.textValue().trim();
                String wrong = value.isEmpty() ? "is an empty string" : check.apply(value);
                if (wrong != null) {
                    problem(elementAt, wrong);
                    ok = false;
                } else {
                    values.add(value);
                }
            }
            return ok ? values : null;
        }

        private String string(JsonNode parent, JsonPointer at, String key) {
            JsonPointer keyAt = at.appendProperty(key);
            JsonNode node = present(parent, keyAt, key, false, null);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                problem(keyAt, "must be a string, not " + kind(node) + "; put it in quotes");
                return null;
            }
            if (node.textValue().isBlank()) {
                problem(keyAt, "is an empty string");
                return null;
            }
            return node.textValue().trim();
        }

        private int approvals(JsonNode parent, JsonPointer at, int fallback) {
            JsonPointer keyAt = at.appendProperty("approvals");
            JsonNode node = present(parent, keyAt, "approvals", false, null);
            if (node == null) {
                return fallback;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                problem(keyAt, "must be a whole number of at least 1, not " + kind(node));
                return fallback;
            }
            if (node.intValue() < 1) {
                problem(keyAt, "is " + node.intValue() + "; at least 1 approval is needed (the requester never counts)");
                return fallback;
            }
            return node.intValue();
        }

        private Duration duration(JsonNode parent, JsonPointer at, String key, Duration fallback) {
            JsonPointer keyAt = at.appendProperty(key);
            JsonNode node = present(parent, keyAt, key, false, null);
            if (node == null) {
                return fallback;
            }
            if (!node.isTextual()) {
                problem(keyAt, "must be a duration with its unit, " + Durations.SYNTAX + ", not " + kind(node));
                return fallback;
            }
            try {
                return Durations.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                problem(keyAt, e.getMessage());
                return fallback;
            }
        }

        private String approvalsChannel(JsonNode rule, JsonPointer at) {
            String channel = string(rule, at, "approvals_channel");
            if (channel == null) {
                return null;
            }
            JsonPointer keyAt = at.appendProperty("approvals_channel");
            if (channel.equals(PolicyRule.ANY_CHANNEL)) {
                problem(keyAt, "must be one channel id, not \"*\"");
                return null;
            }
            if (!SlackIds.isChannel(channel)) {
                problem(keyAt, "'" + channel + "' is not " + SlackIds.CHANNEL_SHAPE);
                return null;
            }
            return channel;
        }

        private boolean bool(JsonNode rule, JsonPointer at, String key) {
            JsonPointer keyAt = at.appendProperty(key);
            JsonNode node = present(rule, keyAt, key, false, null);
            if (node == null) {
                return false;
            }
            if (!node.isBoolean()) {
                problem(keyAt, "must be true or false, not " + kind(node));
                return false;
            }
            return node.booleanValue();
        }

        private List<ScriptRule> scriptRules(JsonNode rule, JsonPointer at, String key) {
            JsonPointer keyAt = at.appendProperty(key);
            JsonNode node = present(rule, keyAt, key, false, null);
            if (node == null) {
                return List.of();
            }
            if (!node.isArray()) {
                problem(keyAt, "must be a list of entries with pattern and reason, not " + kind(node));
                return List.of();
            }
            List<ScriptRule> result = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode entry = node.get(i);
                JsonPointer entryAt = keyAt.appendIndex(i);
                if (!entry.isObject()) {
                    problem(entryAt, "must be a mapping with pattern and reason, not " + kind(entry));
                    continue;
                }
                unknownKeys(entry, entryAt, SCRIPT_RULE_KEYS, "a " + key + " entry");
                Pattern pattern = null;
                JsonPointer patternAt = entryAt.appendProperty("pattern");
                if (present(entry, patternAt, "pattern", true, "pattern: '(?i)/system\\s+reboot'") != null) {
                    String regex = string(entry, entryAt, "pattern");
                    if (regex != null) {
                        try {
                            pattern = Pattern.compile(entry.get("pattern").textValue());
                        } catch (PatternSyntaxException e) {
                            problem(patternAt, "'" + e.getPattern() + "' is not a valid Java regular expression: "
                                    + e.getDescription() + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
                        }
                    }
                }
                String reason = null;
                if (present(entry, entryAt.appendProperty("reason"), "reason", true,
                        "reason: what people are told") != null) {
                    reason = string(entry, entryAt, "reason");
                }
                if (pattern != null && reason != null) {
                    result.add(new ScriptRule(pattern, reason));
                }
            }
            return result;
        }

        /**
         * The value at {@code key}; null when absent (a problem if required) or given without a value
         * (always a problem).
         */
        private JsonNode present(JsonNode parent, JsonPointer keyAt, String key, boolean required, String example) {
            JsonNode node = parent.get(key);
            if (node == null) {
                if (required) {
                    problem(keyAt, "missing; it is required" + (example == null ? "" : ", e.g. " + example));
                }
                return null;
            }
            if (node.isNull()) {
                problem(keyAt, "has no value; give one or leave the key out");
                return null;
            }
            return node;
        }

        private void unknownKeys(JsonNode node, JsonPointer at, List<String> known, String what) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!known.contains(name)) {
                    String suggestion = closest(name, known);
                    problem(at.appendProperty(name), "unknown key"
                            + (suggestion == null ? "" : " (did you mean " + suggestion + "?)") + "; the keys of " + what
                            + " are " + String.join(", ", known));
                }
            }
        }

        private void warnAboutRules(List<PolicyRule> rules) {
            JsonPointer rulesAt = JsonPointer.empty().appendProperty("rules");
            for (int i = 0; i < rules.size(); i++) {
                PolicyRule rule = rules.get(i);
                if (rule.approvers().groups().isEmpty() && rule.approvers().users().size() < rule.approvals()) {
                    warnings.add(format(rulesAt.appendIndex(i).appendProperty("approvals"),
                            "needs " + rule.approvals() + " approvals but approvers lists only "
                                    + rule.approvers().users().size()
                                    + " user(s) and no group: no request under this rule can be approved"));
                }
                if (i + 1 < rules.size() && rule.channels().contains(PolicyRule.ANY_CHANNEL)
                        && rule.sites().stream().anyMatch(site -> site.text().equals("*"))) {
                    for (int later = i + 1; later < rules.size(); later++) {
                        warnings.add(format(rulesAt.appendIndex(later), "never applies: " + label(i)
                                + " before it covers every channel and every site"));
                    }
                    break;
                }
            }
        }

        private void problem(JsonPointer at, String what) {
            for (JsonPointer p = at; p != null; p = p.head()) {
                if (silenced.contains(p.toString())) {
                    return;
                }
            }
            int line = yaml.line(at).orElse(1);
            problems.add(new Problem(line, format(line, at, what)));
        }

        private InvalidPolicyException invalid() {
            return new InvalidPolicyException(file,
                    problems.stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::text).toList());
        }

        private String format(JsonPointer at, String what) {
            return format(yaml.line(at).orElse(1), at, what);
        }

        /** {@code <file>:<line>: <rule or place>, key <key>: <what>}. */
        private String format(int line, JsonPointer at, String what) {
            List<String> segments = new ArrayList<>();
            for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
                segments.add(p.getMatchingProperty());
            }
            String where;
            List<String> key;
            if (segments.isEmpty()) {
                where = null;
                key = List.of();
            } else if (segments.get(0).equals("rules") && segments.size() >= 2 && isIndex(segments.get(1))) {
                where = label(Integer.parseInt(segments.get(1)));
                key = segments.subList(2, segments.size());
            } else if (segments.get(0).equals("defaults") && segments.size() >= 2) {
                where = "defaults";
                key = segments.subList(1, segments.size());
            } else {
                where = "top level";
                key = segments;
            }
            StringBuilder text = new StringBuilder(file).append(':').append(line).append(": ");
            if (where != null) {
                text.append(where);
                if (!key.isEmpty()) {
                    text.append(", key ").append(keyPath(key));
                }
                text.append(": ");
            }
            return text.append(what).toString();
        }

        /** {@code rule "core routers" (rules[0])}, or {@code rule rules[1]} when it has no usable name. */
        private String label(int index) {
            JsonNode name = root == null ? null : root.path("rules").path(index).path("name");
            String text = name != null && name.isTextual() ? name.textValue() : ruleNames.get(index);
            if (text != null && !text.isBlank()) {
                return "rule \"" + text.trim() + "\" (rules[" + index + "])";
            }
            return "rule rules[" + index + "]";
        }

        private static String keyPath(List<String> segments) {
            StringBuilder path = new StringBuilder();
            for (String segment : segments) {
                if (isIndex(segment) && path.length() > 0) {
                    path.append('[').append(segment).append(']');
                } else {
                    path.append(path.length() > 0 ? "." : "").append(segment);
                }
            }
            return path.toString();
        }

        private static boolean isIndex(String segment) {
            return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
        }

        /** How a value is described in a message: its kind, and a short quote of a scalar. */
        private static String kind(JsonNode node) {
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isArray()) {
                return "a list";
            }
            if (node.isNull()) {
                return "nothing";
            }
            if (node.isBoolean()) {
                return "true/false (" + node.asText() + ")";
            }
            if (node.isNumber()) {
                return "a number (" + node.asText() + ")";
            }
            String text = node.asText();
            return "a string ('" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "')";
        }

        /** The known key meant by a misspelt one: same letters ignoring case and - or _, or one or two edits away. */
        private static String closest(String name, List<String> known) {
            String normal = name.toLowerCase(Locale.ROOT).replace('-', '_');
            String best = null;
            int bestDistance = 3;
            for (String candidate : known) {
                int distance = normal.equals(candidate) ? 0 : distance(normal, candidate);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return best;
        }

        private static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
