package sdx.chatops.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which Slack SDK classes the native image keeps for reflection, and how to find them on a class
 * path. The Slack SDK and Bolt turn JSON and form bodies into these classes (and back) with Gson,
 * which reads their fields and calls their no-argument constructors by reflection.
 * {@link SlackSdkReflectionFeature} registers what {@link #scan} finds at image build time, and
 * {@code SlackSdkReflectionCoverageTest} checks with the same rule and scan that every Slack class
 * our handlers and delivery touch is among them.
 */
public final class SlackSdkClasses {

    /**
     * Class-name prefixes. An entry ending in {@code .} is a package and everything under it; any other
     * entry is one class and its nested classes.
     */
    public static final List<String> PREFIXES = List.of(
            // Web API calls: the request objects written as forms, the responses read from JSON.
            "com.slack.api.methods.request.",
            "com.slack.api.methods.response.",
            // What SlackApiException reads from an error body.
            "com.slack.api.methods.SlackApiErrorResponse",
            // Messages, blocks, elements, text objects, views, events, users, ...
            "com.slack.api.model.",
            // Slash command, block_actions and other payloads Bolt parses, and the responses it writes.
            "com.slack.api.app_backend.",
            // response_url and incoming-webhook payloads.
            "com.slack.api.webhook.",
            // Bolt's request and response types our handlers receive and return.
            "com.slack.api.bolt.request.",
            "com.slack.api.bolt.response.",
            // Socket Mode: the envelope Bolt's SocketModeRequestParser reads with Gson (GenericSocketModeEnvelope)
            // before it builds the Bolt request (SlackSocketMode); apps.connections.open is under methods above.
            "com.slack.api.bolt.socket_mode.request.",
            // The SDK's own Socket Mode envelopes and acknowledgements (hello, disconnect, slash_commands,
            // interactive, events_api; AckResponse ...), Gson-mapped by its SocketModeClient.
            "com.slack.api.socket_mode.request.",
            "com.slack.api.socket_mode.response.");

    private SlackSdkClasses() {
    }

    /** The registration rule: true when {@code className} falls under one of {@link #PREFIXES}. */
    public static boolean isRegistered(String className) {
        for (String prefix : PREFIXES) {
            if (matches(prefix, className)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String prefix, String className) {
        if (!className.startsWith(prefix)) {
            return false;
        }
        return prefix.endsWith(".") || className.length() == prefix.length() || className.charAt(prefix.length()) == '$';
    }

    /**
     * Every class under each prefix that {@code loader} can see, listed from the jars' or folders'
     * entries (nothing is loaded), keyed by prefix in {@link #PREFIXES} order.
     */
    public static Map<String, SortedSet<String>> scan(ClassLoader loader) {
        Map<String, SortedSet<String>> found = new LinkedHashMap<>();
        for (String prefix : PREFIXES) {
            String folder = prefix.substring(0, prefix.lastIndexOf('.') + 1).replace('.', '/');
            SortedSet<String> classes = new TreeSet<>();
            try {
                for (URL url : Collections.list(loader.getResources(folder))) {
                    for (String name : classNames(url, folder)) {
                        if (matches(prefix, name)) {
                            classes.add(name);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
            found.put(prefix, classes);
        }
        return found;
    }

    /** Names of the classes at or below {@code folder}, from a {@code jar:} or {@code file:} URL. */
    private static SortedSet<String> classNames(URL url, String folder) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        if ("jar".equals(url.getProtocol())) {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().startsWith(folder)) {
                        addClass(entry.getName(), names);
                    }
                }
            }
        } else if ("file".equals(url.getProtocol())) {
            Path root;
            try {
                root = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad URL " + url, e);
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .forEach(file -> addClass(folder + root.relativize(file).toString().replace('\\', '/'), names));
            }
        } else {
            throw new IOException("cannot list classes from " + url);
        }
        return names;
    }

    private static void addClass(String resource, SortedSet<String> names) {
        if (resource.endsWith(".class") && !resource.endsWith("package-info.class")
                && !resource.endsWith("module-info.class")) {
            names.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
        }
    }
}
