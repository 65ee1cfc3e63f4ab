package sdx.chatops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java that the JVM image runs: the feature version of {@code Dockerfile.jvm}'s base image
 * ({@code ubi9/openjdk-<N>-runtime}), found as a JDK on this machine: {@code IMAGE_JAVA_HOME} when
 * set, else the first JDK of that version under {@code /usr/lib/jvm}. Tests of what only the
 * image's JVM does (its AOT cache) run the bot with it.
 */
public final class ImageJava {

    public static final Path DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");
    private static final Pattern BASE_IMAGE = Pattern.compile("(?m)^FROM \\S*openjdk-(\\d+)");

    private ImageJava() {
    }

    /** The feature version of the image's Java (25 for {@code ubi9/openjdk-25-runtime}). */
    public static int feature() {
        Matcher m = BASE_IMAGE.matcher(read(DOCKERFILE));
        if (!m.find()) {
            throw new AssertionError(DOCKERFILE + " has no openjdk base image");
        }
        return Integer.parseInt(m.group(1));
    }

    /** The {@code java} launcher of a JDK of the image's version, if this machine has one. */
    public static Optional<Path> java() {
        return home(feature()).map(home -> home.resolve("bin").resolve("java"));
    }

    /** Why a test of the image's JVM cannot run here. */
    public static String missing() {
        return "the JVM image runs Java " + feature() + "; no JDK " + feature()
                + " under /usr/lib/jvm here: set IMAGE_JAVA_HOME to one";
    }

    private static Optional<Path> home(int feature) {
        String configured = System.getenv("IMAGE_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("(?m)^JAVA_VERSION=\"" + feature + "[.\"]");
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> !Files.isSymbolicLink(home)).sorted()
                    .filter(home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                    .filter(home -> Files.isRegularFile(home.resolve("release"))
                            && version.matcher(read(home.resolve("release"))).find())
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
