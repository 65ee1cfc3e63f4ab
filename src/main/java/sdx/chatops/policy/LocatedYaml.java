package sdx.chatops.policy;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * One YAML document read into a Jackson tree, with the line of every key and value (by JSON pointer),
 * and what YAML itself would hide: a key written twice (YAML keeps one silently), an alias
 * ({@code *name}, which the tree would turn into the alias's name), a second document.
 */
final class LocatedYaml {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
    private static final Pattern RULE_NAME = Pattern.compile("/rules/(\\d{1,6})/name");

    /**
     * Something wrong at a place in the document; {@code line} 0: the line of {@code at}.
     * {@code hidesValue}: the value there is not what the file means, so nothing else is said about it.
     */
    record Finding(JsonPointer at, int line, String what, boolean hidesValue) {
    }

    /** The document is not YAML; {@code at} is where the parser was, as far as it got. */
    static final class SyntaxError extends Exception {

        final int line;
        final JsonPointer at;
        /** The names of the rules read before the error, by index. */
        final Map<Integer, String> ruleNames;

        SyntaxError(int line, JsonPointer at, Map<Integer, String> ruleNames, String message) {
            super(message);
            this.line = line;
            this.at = at;
            this.ruleNames = Map.copyOf(ruleNames);
        }
    }

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<Finding> findings;

    private LocatedYaml(JsonNode root, Map<String, Integer> lines, List<Finding> findings) {
        this.root = root;
        this.lines = lines;
        this.findings = findings;
    }

    static LocatedYaml read(byte[] content) throws SyntaxError {
        Map<String, Integer> lines = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        Recorder parser = null;
        try (YAMLParser yaml = (YAMLParser) YAML.createParser(content)) {
            parser = new Recorder(yaml, lines, findings);
            JsonNode root = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                findings.add(new Finding(JsonPointer.empty(), parser.currentTokenLocation().getLineNr(),
                        "a second YAML document (after ---); the policy is one document", false));
            }
            return new LocatedYaml(root, lines, findings);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, parser);
        } catch (IOException e) {
            throw new SyntaxError(1, JsonPointer.empty(), Map.of(), "cannot be read as YAML: " + e.getMessage());
        }
    }

    /** The document's root; null or a missing/null node when the file is empty. */
    JsonNode root() {
        return root;
    }

    /** Duplicate keys, aliases and extra documents, found while reading. */
    List<Finding> findings() {
        return findings;
    }

    /** The line of the node or key at {@code at}, or of its nearest ancestor that is in the file. */
    Optional<Integer> line(JsonPointer at) {
        for (JsonPointer p = at; p != null; p = p.head()) {
            Integer line = lines.get(p.toString());
            if (line != null) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    private static SyntaxError syntaxError(JsonProcessingException e, Recorder parser) {
        JsonPointer at = parser == null ? JsonPointer.empty() : parser.lastPointer;
        Map<Integer, String> ruleNames = parser == null ? Map.of() : parser.ruleNames;
        int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
        String message = e.getOriginalMessage();
        if (e.getCause() instanceof MarkedYAMLException marked) {
            message = marked.getProblem();
            if (marked.getProblemMark() != null) {
                line = marked.getProblemMark().getLine() + 1;
            }
            if (marked.getContext() != null) {
                message += " (" + marked.getContext()
                        + (marked.getContextMark() == null ? "" : " started on line " + (marked.getContextMark().getLine() + 1))
                        + ")";
            }
        }
        return new SyntaxError(line, at, ruleNames, "not valid YAML: " + firstLine(message));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /** Records where each token is, and refuses what the tree would silently lose. */
    private static final class Recorder extends JsonParserDelegate {

        private final YAMLParser yaml;
        private final Map<String, Integer> lines;
        private final List<Finding> findings;
        private final Deque<Set<String>> keys = new ArrayDeque<>();
        private final Map<Integer, String> ruleNames = new HashMap<>();
        private JsonPointer lastPointer = JsonPointer.empty();

        Recorder(YAMLParser yaml, Map<String, Integer> lines, List<Finding> findings) {
            super(yaml);
            this.yaml = yaml;
            this.lines = lines;
            this.findings = findings;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (token == null) {
                return null;
            }
            JsonPointer at = getParsingContext().pathAsPointer();
            lastPointer = at;
            int line = currentTokenLocation().getLineNr();
            Integer first = lines.putIfAbsent(at.toString(), line);
            switch (token) {
                case START_OBJECT -> keys.push(new HashSet<>());
                case END_OBJECT -> keys.poll();
                case FIELD_NAME -> {
                    if (!keys.isEmpty() && !keys.peek().add(currentName())) {
                        findings.add(new Finding(at, line, "written twice (lines " + first + " and " + line
                                + "); YAML would keep only the last, so write it once", false));
                    }
                }
                case VALUE_STRING -> {
                    // The rules' names, for a message about a file that turns out not to be YAML further on.
                    Matcher name = RULE_NAME.matcher(at.toString());
                    if (name.matches()) {
                        ruleNames.putIfAbsent(Integer.parseInt(name.group(1)), getText());
                    }
                }
                default -> {
                }
            }
            if (yaml.isCurrentAlias()) {
                findings.add(new Finding(at, line, "an alias (*" + yaml.getText()
                        + "); aliases are not supported in the policy file, write the value out", true));
            }
            return token;
        }
    }
}
