package sdx.chatops.nativeimage;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image only: registers the Slack SDK classes that Gson maps (see {@link SlackSdkClasses})
 * for reflection, found by listing the SDK jars at image build time rather than typed by hand, so
 * an SDK upgrade that adds a block type or a response field needs no change here.
 * <p>
 * Why a GraalVM {@link Feature} and not one of Quarkus's routes: {@code @RegisterForReflection}
 * (with {@code targets} or {@code classNames}) and {@code reflection-config.json} need the classes
 * listed, which is the hand-typed list we want to avoid (some 3,000 classes); a
 * {@code ReflectiveClassBuildItem} can be produced from a scan but only by a build step, i.e. a
 * Quarkus extension with its own deployment module, which this single-module application does not
 * have. A Feature runs inside the image builder with the final class path, and Quarkus passes it on
 * with {@code quarkus.native.additional-build-args=--features=...}. It is never loaded on the JVM.
 * <p>
 * What is registered per class: the class; its declared constructors, invocable (Gson calls the
 * no-argument one); its declared fields, readable and writable (Gson reads and writes fields, never
 * accessors); its methods for querying only. Making every Lombok getter, setter and builder method
 * of these classes invocable would make all of them analysis roots and compiled code for no caller.
 */
public final class SlackSdkReflectionFeature implements Feature {

    @Override
    public String getDescription() {
        return "Registers the Slack SDK classes that Gson maps for reflection";
    }

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Map<String, SortedSet<String>> found = SlackSdkClasses.scan(access.getApplicationClassLoader());
        int registered = 0;
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, SortedSet<String>> prefix : found.entrySet()) {
            if (prefix.getValue().isEmpty()) {
                // A renamed package or a missing jar would otherwise pass silently and fail at run time.
                throw new IllegalStateException("no class under " + prefix.getKey() + " on the image class path");
            }
            for (String name : prefix.getValue()) {
                Class<?> type = access.findClassByName(name);
                if (type == null) {
                    skipped.add(name);
                    continue;
                }
                try {
                    register(type);
                    registered++;
                } catch (LinkageError e) {
                    skipped.add(name + " (" + e + ")");
                }
            }
        }
        System.out.printf("[sdx-chatops] SlackSdkReflectionFeature: registered %d Slack SDK classes under %s for reflection%n",
                registered, found.keySet());
        if (!skipped.isEmpty()) {
            System.out.printf("[sdx-chatops] SlackSdkReflectionFeature: skipped %d classes that do not load: %s%n",
                    skipped.size(), skipped);
        }
    }

    private static void register(Class<?> type) {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        Field[] fields = type.getDeclaredFields();
        RuntimeReflection.register(type);
        RuntimeReflection.register(constructors);
        RuntimeReflection.register(fields);
        RuntimeReflection.registerAllDeclaredConstructors(type);
        RuntimeReflection.registerAllConstructors(type);
        RuntimeReflection.registerAllDeclaredFields(type);
        RuntimeReflection.registerAllFields(type);
        RuntimeReflection.registerAllDeclaredMethods(type);
        RuntimeReflection.registerAllMethods(type);
    }
}
