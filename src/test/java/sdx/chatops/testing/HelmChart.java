package sdx.chatops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart in {@code helm/sdx-chatops}, rendered offline by the real Helm engine (helm-java), as
 * {@code helm template chatops helm/sdx-chatops -n chatops -f …} would.
 */
public final class HelmChart {

    public static final Path DIR = Paths.get("helm", "sdx-chatops");
    public static final String RELEASE = "chatops";
    public static final String NAMESPACE = "chatops";
    /** The objects' name: release and chart name. */
    public static final String FULLNAME = "chatops-sdx-chatops";
    /** helm-java's engine defaults to Kubernetes v1.20, below the chart's kubeVersion constraint. */
    public static final String KUBE_VERSION = "1.31.0";

    private static final YAMLMapper YAML = new YAMLMapper();

    private HelmChart() {
    }

    /** The manifests of {@code chart} rendered with the values files, later ones overriding earlier ones like -f does. */
    public static String template(Path chart, List<Path> valuesFiles) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        return template.call();
    }

    /** The chart's objects rendered with these values documents, each object as a map (YAML read by Jackson). */
    public static List<Map<String, Object>> objects(String... valuesYaml) {
        List<Path> files = new ArrayList<>();
        try {
            for (String yaml : valuesYaml) {
                Path file = Files.createTempFile(Path.of("target"), "values-", ".yaml");
                files.add(file);
                Files.writeString(file, yaml);
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            for (String document : template(DIR, files).split("(?m)^---\\s*$")) {
                if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                    continue; // an empty document, e.g. only a "# Source:" comment
                }
                Map<String, Object> object = YAML.readValue(document, new TypeReference<Map<String, Object>>() {
                });
                objects.add(object);
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            files.forEach(f -> f.toFile().delete());
        }
    }
}
