package sdx.chatops.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPIngressPath;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyEgressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import sdx.chatops.testing.HelmChart;

/**
 * Renders the Helm chart in {@code helm/sdx-chatops} offline with the real Helm engine (helm-java) and
 * parses every object with the official Kubernetes models, which reject unknown fields at any depth.
 * A typo in a template therefore fails here instead of in the cluster.
 */
class HelmChartTest {

    private static final Path CHART = HelmChart.DIR;
    private static final String RELEASE = HelmChart.RELEASE;
    private static final String NAMESPACE = HelmChart.NAMESPACE;
    private static final String FULLNAME = HelmChart.FULLNAME;
    private static final String KUBE_VERSION = HelmChart.KUBE_VERSION;
    private static final String APP_VERSION = "0.1.0-SNAPSHOT";

    /** Every variable the application reads that the chart must always provide. */
    private static final List<String> APPLICATION_ENV = List.of("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
            "SLACK_API_URL", "SDX_API_URL", "SDX_API_TOKEN", "SDX_PUBLIC_URL", "SDX_APPROVERS", "SDX_DATA_DIR",
            "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "SDX_ADMINS",
            "CHATOPS_POLICY_RELOAD_INTERVAL");
    private static final List<String> SECRET_ENV = List.of("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
            "SDX_API_TOKEN", "SDX_DB_PASSWORD", "SDX_AUDIT_TOKEN");

    /** Where the chart mounts the policy ConfigMap, and the file in it (SDX_POLICY_FILE). */
    private static final String POLICY_DIR = "/etc/sdx-chatops/policy";
    private static final String POLICY_FILE = POLICY_DIR + "/policy.yaml";
    private static final String POLICY_CONFIGMAP = FULLNAME + "-policy";

    /** The smallest values an operator must give: the three secrets and the public URL. */
    private static final String REQUIRED = """
            secrets:
              slackBotToken: xoxb-test-token
              slackSigningSecret: test-signing-secret
              sdxApiToken: test-sdx-token
            config:
              publicUrl: https://chatops.example.com/
              approvers: U0123ABCD,S0456EFGH
            """;

    private static final String POSTGRESQL = """
            postgresql:
              url: jdbc:postgresql://db.example.internal:5432/sdx
              user: sdx
            secrets:
              dbPassword: test-db-password
            """;

    private static final String INGRESS = """
            ingress:
              enabled: true
              className: nginx
              annotations:
                cert-manager.io/cluster-issuer: letsencrypt
              hosts:
                - chatops.example.com
                - chatops.example.net
              tls:
                - secretName: chatops-tls
                  hosts:
                    - chatops.example.com
                    - chatops.example.net
            """;

    /** The policy of the issue: every kind of key, two rules. */
    private static final String POLICY = """
            policy:
              admins: [S0NETADMIN]
              defaults:
                approvals: 1
                approval_ttl: 4h
              rules:
                - name: core routers
                  channels: [C0CORE001]
                  sites: ["core-*", "9c69345c-8d39-4786-9f17-8153c988c89a"]
                  requesters: [S0NETOPS]
                  approvers: [S0LEADS, U0CTO]
                  approvals: 2
                  approval_ttl: 1h
                  approvals_channel: C0APPROVALS
                  force_backup: true
                  deny:
                    - pattern: '(?i)/system\\s+reset-configuration'
                      reason: factory resets are never done from chat
                  warn:
                    - pattern: '(?i)/ip\\s+service\\s+(disable|set)'
                      reason: may cut management access
                - name: branches
                  channels: ["*"]
                  sites: ["branch-*"]
                  approvers: [S0NETOPS]
            """;

    /** Socket Mode: the bot and app-level tokens and the SDX token; no signing secret, no public URL. */
    private static final String SOCKET_MODE = """
            secrets:
              slackBotToken: xoxb-test-token
              slackAppToken: xapp-1-A0SDX-1-test-app-token
              sdxApiToken: test-sdx-token
            config:
              approvers: U0123ABCD
            """;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private int valuesFiles;

    // ---------------------------------------------------------------- lint

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint --strict failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void defaultsRenderAHardenedSingleReplicaDeployment() {
        Rendered rendered = render(REQUIRED);

        assertThat(rendered.kinds()).containsExactlyInAnyOrder("ServiceAccount", "Secret", "ConfigMap",
                "PersistentVolumeClaim", "Service", "Deployment");
        V1Deployment deployment = rendered.one(V1Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");

        V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertHardenedPod(pod.getSecurityContext());

        V1Container container = single(pod.getContainers());
        assertHardenedContainer(container.getSecurityContext());
        assertThat(container.getImage()).isEqualTo("ghcr.io/example/sdx-chatops:" + APP_VERSION);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(containerPorts(container)).containsExactly(Map.entry("http", 8080), Map.entry("management", 9000));
        assertThat(container.getResources().getRequests().get("cpu").toSuffixedString()).isEqualTo("50m");
        assertThat(container.getResources().getRequests().get("memory").toSuffixedString()).isEqualTo("64Mi");
        assertThat(container.getResources().getLimits().get("memory").toSuffixedString()).isEqualTo("256Mi");

        assertThat(mountPaths(container)).containsEntry("tmp", "/tmp").containsEntry("data", "/data");
        assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
        V1PersistentVolumeClaim claim = rendered.one(V1PersistentVolumeClaim.class);
        assertThat(volume(pod, "data").getPersistentVolumeClaim().getClaimName())
                .isEqualTo(claim.getMetadata().getName()).isEqualTo(FULLNAME + "-data");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toSuffixedString()).isEqualTo("1Gi");

        assertThat(rendered.one(V1ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void probesUseTheQuarkusHealthEndpointsOnTheManagementPort() {
        V1Container container = container(render(REQUIRED));

        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        for (V1Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrValue()).as("probe on %s", probe.getHttpGet().getPath())
                    .isEqualTo("management");
        }
        // The named port is where the application serves its management interface.
        assertThat(containerPorts(container)).containsEntry("management", 9000);
        assertThat(environment(render(REQUIRED)).get("QUARKUS_MANAGEMENT_PORT").getValue()).isEqualTo("9000");
        // The startup probe, not an initial delay, gives a slow start its time: at least a minute.
        assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
                .isGreaterThanOrEqualTo(60);
    }

    @Test
    void everyObjectCarriesTheStandardLabels() {
        Rendered rendered = render(REQUIRED);

        for (Map<String, Object> object : rendered.raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) object.get("metadata"))
                    .get("labels");
            assertThat(labels).as("labels of %s", object.get("kind"))
                    .containsEntry("app.kubernetes.io/name", "sdx-chatops")
                    .containsEntry("app.kubernetes.io/instance", RELEASE)
                    .containsEntry("app.kubernetes.io/version", APP_VERSION)
                    .containsEntry("app.kubernetes.io/component", "bot")
                    .containsEntry("app.kubernetes.io/part-of", "sdx-chatops")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("helm.sh/chart", "sdx-chatops-0.1.0");
        }
        V1Service service = rendered.one(V1Service.class);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + " " + p.getPort() + "->"
                + p.getTargetPort().getStrValue()).containsExactly("http 80->http", "management 9000->management");
        assertThat(service.getSpec().getSelector()).containsOnly(
                Map.entry("app.kubernetes.io/name", "sdx-chatops"), Map.entry("app.kubernetes.io/instance", RELEASE));
    }

    // ---------------------------------------------------------------- environment and secrets

    @Test
    void everyApplicationVariableIsProvidedAndSecretsComeFromTheChartSecret() {
        Rendered rendered = render(REQUIRED);

        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env).containsKeys(APPLICATION_ENV.toArray(String[]::new)).doesNotContainKeys("SDX_DB_URL",
                "SDX_DB_USER", "SDX_DB_PASSWORD");
        assertSecretRef(env, "SLACK_BOT_TOKEN", FULLNAME, "SLACK_BOT_TOKEN");
        assertSecretRef(env, "SLACK_SIGNING_SECRET", FULLNAME, "SLACK_SIGNING_SECRET");
        assertSecretRef(env, "SDX_API_TOKEN", FULLNAME, "SDX_API_TOKEN");

        V1Secret secret = rendered.one(V1Secret.class);
        assertThat(secret.getMetadata().getName()).isEqualTo(FULLNAME);
        assertThat(decoded(secret)).containsOnly(Map.entry("SLACK_BOT_TOKEN", "xoxb-test-token"),
                Map.entry("SLACK_SIGNING_SECRET", "test-signing-secret"),
                Map.entry("SDX_API_TOKEN", "test-sdx-token"));

        Map<String, String> config = rendered.one(V1ConfigMap.class).getData();
        assertThat(config).containsEntry("SLACK_API_URL", "https://slack.com/api/")
                .containsEntry("SDX_API_URL", "https://v1.api.altostrat.io")
                .containsEntry("SDX_PUBLIC_URL", "https://chatops.example.com") // trailing slash trimmed
                .containsEntry("SDX_APPROVERS", "U0123ABCD,S0456EFGH")
                .containsEntry("SDX_DATA_DIR", "/data")
                .containsEntry("QUARKUS_HTTP_PORT", "8080")
                .containsEntry("QUARKUS_MANAGEMENT_PORT", "9000")
                .doesNotContainKeys(SECRET_ENV.toArray(String[]::new));
        assertThat(String.join("\n", config.values())).doesNotContain("xoxb-test-token", "test-sdx-token");
    }

    @Test
    void existingSecretIsReferencedWithItsConfiguredKeys() {
        Rendered rendered = render("""
                config:
                  publicUrl: https://chatops.example.com
                existingSecret: chatops-credentials
                existingSecretKeys:
                  slackBotToken: bot-token
                  slackSigningSecret: signing-secret
                  sdxApiToken: sdx-token
                  dbPassword: pg-password
                """, POSTGRESQL);

        assertThat(rendered.all(V1Secret.class)).isEmpty();
        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env).containsKeys(APPLICATION_ENV.toArray(String[]::new));
        assertSecretRef(env, "SLACK_BOT_TOKEN", "chatops-credentials", "bot-token");
        assertSecretRef(env, "SLACK_SIGNING_SECRET", "chatops-credentials", "signing-secret");
        assertSecretRef(env, "SDX_API_TOKEN", "chatops-credentials", "sdx-token");
        assertSecretRef(env, "SDX_DB_PASSWORD", "chatops-credentials", "pg-password");
    }

    @Test
    void refusesToRenderWithoutSecrets() {
        assertThatThrownBy(() -> render("""
                config:
                  publicUrl: https://chatops.example.com
                secrets:
                  slackBotToken: xoxb-test-token
                """))
                .hasMessageContaining("missing secrets: secrets.slackSigningSecret (SLACK_SIGNING_SECRET), "
                        + "secrets.sdxApiToken (SDX_API_TOKEN)")
                .hasMessageContaining("existingSecret");
    }

    // ---------------------------------------------------------------- sandbox

    private static final String SANDBOX = """
            sandbox: true
            secrets:
              slackBotToken: xoxb-test-token
              slackSigningSecret: test-signing-secret
            config:
              publicUrl: https://chatops.example.com
            """;

    @Test
    void sandboxIsOffUnlessSetAndThenTheSdxApiTokenIsRequired() {
        Rendered rendered = render(REQUIRED);

        assertThat(rendered.one(V1ConfigMap.class).getData()).doesNotContainKey("SDX_SANDBOX");
        assertSecretRef(environment(rendered), "SDX_API_TOKEN", FULLNAME, "SDX_API_TOKEN");
        assertThatThrownBy(() -> render(SANDBOX, "sandbox: false"))
                .hasMessageContaining("missing secrets: secrets.sdxApiToken (SDX_API_TOKEN)");
    }

    @Test
    void sandboxSetsSdxSandboxAndNeitherRequiresNorRendersTheSdxApiToken() {
        Rendered rendered = render(SANDBOX);

        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env.get("SDX_SANDBOX").getValue()).isEqualTo("true");
        assertThat(env).doesNotContainKey("SDX_API_TOKEN");
        assertSecretRef(env, "SLACK_BOT_TOKEN", FULLNAME, "SLACK_BOT_TOKEN");
        assertThat(decoded(rendered.one(V1Secret.class))).containsOnlyKeys("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET");
        // A token given anyway is not rendered either: the sandbox never calls SDX.
        assertThat(environment(render(SANDBOX, "secrets: {sdxApiToken: unused-token}"))).doesNotContainKey("SDX_API_TOKEN");
        assertThat(decoded(render(SANDBOX, "secrets: {sdxApiToken: unused-token}").one(V1Secret.class)))
                .doesNotContainKey("SDX_API_TOKEN");
    }

    @Test
    void sandboxWithAnExistingSecretReferencesNoSdxApiTokenKey() {
        Rendered rendered = render("""
                sandbox: true
                config:
                  publicUrl: https://chatops.example.com
                existingSecret: chatops-credentials
                """);

        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env).doesNotContainKey("SDX_API_TOKEN");
        assertSecretRef(env, "SLACK_SIGNING_SECRET", "chatops-credentials", "SLACK_SIGNING_SECRET");
    }

    @Test
    void sandboxStillNeedsTheSlackSecrets() {
        assertThatThrownBy(() -> render("""
                sandbox: true
                config:
                  publicUrl: https://chatops.example.com
                """))
                .hasMessageContaining("missing secrets: secrets.slackBotToken (SLACK_BOT_TOKEN), "
                        + "secrets.slackSigningSecret (SLACK_SIGNING_SECRET).");
    }

    @Test
    void notesSayLoudlyThatItIsASandbox() {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly().withValuesFile(values(SANDBOX));

        assertThat(install.call().getOutput()).contains("*** SANDBOX (sandbox=true)").contains("nothing reaches a router");
        assertThat(new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .dryRun().clientOnly().withValuesFile(values(REQUIRED)).call().getOutput()).doesNotContain("SANDBOX");
    }

    @Test
    void refusesToRenderWithoutAPublicUrl() {
        assertThatThrownBy(() -> render(REQUIRED, "config: {publicUrl: \"\"}"))
                .hasMessageContaining("config.publicUrl is required")
                .hasMessageContaining("/sdx/notify/<token>");
    }

    @Test
    void publicUrlDefaultsToTheFirstIngressHost() {
        Rendered rendered = render(REQUIRED, "config: {publicUrl: \"\"}", INGRESS);

        assertThat(rendered.one(V1ConfigMap.class).getData())
                .containsEntry("SDX_PUBLIC_URL", "https://chatops.example.com");
    }

    // ---------------------------------------------------------------- Socket Mode

    @Test
    void socketModeRendersWithoutIngressSigningSecretOrPublicUrlAndPollsSdx() {
        Rendered rendered = render(SOCKET_MODE);

        assertThat(rendered.kinds()).doesNotContain("Ingress");
        Map<String, V1EnvVar> env = environment(rendered);
        assertSecretRef(env, "SLACK_APP_TOKEN", FULLNAME, "SLACK_APP_TOKEN");
        assertSecretRef(env, "SLACK_BOT_TOKEN", FULLNAME, "SLACK_BOT_TOKEN");
        assertSecretRef(env, "SDX_API_TOKEN", FULLNAME, "SDX_API_TOKEN");
        assertThat(env).doesNotContainKey("SLACK_SIGNING_SECRET");
        assertThat(decoded(rendered.one(V1Secret.class))).containsOnly(Map.entry("SLACK_BOT_TOKEN", "xoxb-test-token"),
                Map.entry("SLACK_APP_TOKEN", "xapp-1-A0SDX-1-test-app-token"), Map.entry("SDX_API_TOKEN", "test-sdx-token"));
        // No public URL: SDX sends no callbacks and the bot polls job statuses (empty SDX_PUBLIC_URL is unset).
        assertThat(rendered.one(V1ConfigMap.class).getData()).containsEntry("SDX_PUBLIC_URL", "")
                .doesNotContainKey("SLACK_APP_TOKEN");
        assertThat(String.join("\n", rendered.one(V1ConfigMap.class).getData().values()))
                .doesNotContain("xapp-1-A0SDX-1-test-app-token");
    }

    @Test
    void socketModeKeepsAGivenPublicUrlForSdxCallbacks() {
        Rendered rendered = render(SOCKET_MODE, "config: {publicUrl: https://callbacks.example.com}");

        assertThat(rendered.one(V1ConfigMap.class).getData()).containsEntry("SDX_PUBLIC_URL", "https://callbacks.example.com");
    }

    @Test
    void socketModeWithAnExistingSecretReadsTheAppTokenFromItsKey() {
        Rendered rendered = render("""
                existingSecret: chatops-credentials
                existingSecretKeys:
                  slackBotToken: bot-token
                  slackAppToken: app-token
                  sdxApiToken: sdx-token
                """);

        assertThat(rendered.all(V1Secret.class)).isEmpty();
        Map<String, V1EnvVar> env = environment(rendered);
        assertSecretRef(env, "SLACK_APP_TOKEN", "chatops-credentials", "app-token");
        assertSecretRef(env, "SLACK_BOT_TOKEN", "chatops-credentials", "bot-token");
        assertThat(env).doesNotContainKey("SLACK_SIGNING_SECRET");
        assertThat(rendered.one(V1ConfigMap.class).getData()).containsEntry("SDX_PUBLIC_URL", "");
    }

    @Test
    void existingSecretWithoutAnAppTokenKeyStaysInHttpModeAndNeedsAPublicUrl() {
        assertThatThrownBy(() -> render("existingSecret: chatops-credentials"))
                .hasMessageContaining("config.publicUrl is required");
        Map<String, V1EnvVar> env = environment(render("existingSecret: chatops-credentials",
                "config: {publicUrl: https://chatops.example.com}"));
        assertThat(env).containsKey("SLACK_SIGNING_SECRET").doesNotContainKey("SLACK_APP_TOKEN");
    }

    @Test
    void socketModeIngressRoutesOnlyTheSdxCallbacks() {
        V1Ingress ingress = render(SOCKET_MODE, INGRESS).one(V1Ingress.class);

        for (var rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHttp().getPaths()).extracting(p -> p.getPath() + " " + p.getPathType())
                    .containsExactly("/sdx/notify Prefix");
        }
    }

    @Test
    void appTokenThatIsNotAnAppLevelTokenIsRefused() {
        assertThatThrownBy(() -> render(SOCKET_MODE, "secrets: {slackAppToken: xoxb-wrong-token}"))
                .hasMessageContaining("slackAppToken");
    }

    @Test
    void notesInSocketModeNeedNoRequestUrlAndSayJobStatusesArePolled() {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly().withValuesFile(values(SOCKET_MODE));

        String notes = install.call().getOutput();

        assertThat(notes).contains("Socket Mode").contains("slack/manifest-socket-mode.yml")
                .contains("SDX sends no callbacks; the bot polls").doesNotContain("Request URL:", "/slack/events");
    }

    // ---------------------------------------------------------------- store and replicas

    @Test
    void refusesTwoReplicasOnTheEmbeddedStore() {
        assertThatThrownBy(() -> render(REQUIRED, "replicaCount: 2"))
                .hasMessageContaining("replicaCount=2 needs PostgreSQL")
                .hasMessageContaining("postgresql.url");
        assertThatThrownBy(() -> render(REQUIRED, "autoscaling: {enabled: true}"))
                .hasMessageContaining("with autoscaling.enabled=true needs PostgreSQL");
    }

    @Test
    void postgresqlAllowsThreeReplicasWithRollingUpdatesAndADisruptionBudget() {
        Rendered rendered = render(REQUIRED, POSTGRESQL, "replicaCount: 3");

        V1Deployment deployment = rendered.one(V1Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntValue()).isZero();
        assertThat(rendered.all(V1PersistentVolumeClaim.class)).isEmpty();
        assertThat(rendered.all(V2HorizontalPodAutoscaler.class)).isEmpty();
        // /data stays writable (read-only root filesystem) but is scratch space now.
        assertThat(volume(deployment.getSpec().getTemplate().getSpec(), "data").getEmptyDir()).isNotNull();

        V1PodDisruptionBudget pdb = rendered.one(V1PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntValue()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env).containsKeys(APPLICATION_ENV.toArray(String[]::new));
        assertThat(rendered.one(V1ConfigMap.class).getData())
                .containsEntry("SDX_DB_URL", "jdbc:postgresql://db.example.internal:5432/sdx")
                .containsEntry("SDX_DB_USER", "sdx");
        assertSecretRef(env, "SDX_DB_PASSWORD", FULLNAME, "SDX_DB_PASSWORD");
        assertThat(decoded(rendered.one(V1Secret.class))).containsEntry("SDX_DB_PASSWORD", "test-db-password");
    }

    @Test
    void autoscalingOnPostgresqlRendersAnHpaAndLeavesReplicasToIt() {
        Rendered rendered = render(REQUIRED, POSTGRESQL, """
                replicaCount: 3
                autoscaling:
                  enabled: true
                  minReplicas: 3
                  maxReplicas: 6
                  targetCPUUtilizationPercentage: 70
                """);

        V1Deployment deployment = rendered.one(V1Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
        V2HorizontalPodAutoscaler hpa = rendered.one(V2HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(single(hpa.getSpec().getMetrics()).getResource().getName()).isEqualTo("cpu");
        assertThat(single(hpa.getSpec().getMetrics()).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(rendered.all(V1PodDisruptionBudget.class)).hasSize(1);
    }

    @Test
    void singleReplicaGetsNoDisruptionBudget() {
        assertThat(render(REQUIRED, POSTGRESQL).all(V1PodDisruptionBudget.class)).isEmpty();
    }

    // ---------------------------------------------------------------- ingress and network

    @Test
    void ingressRoutesOnlyTheSlackAndSdxPathsWithTls() {
        V1Ingress ingress = render(REQUIRED, INGRESS).one(V1Ingress.class);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(single(ingress.getSpec().getTls()).getSecretName()).isEqualTo("chatops-tls");
        assertThat(single(ingress.getSpec().getTls()).getHosts()).containsExactly("chatops.example.com",
                "chatops.example.net");
        assertThat(ingress.getSpec().getRules()).extracting(rule -> rule.getHost())
                .containsExactly("chatops.example.com", "chatops.example.net");
        for (var rule : ingress.getSpec().getRules()) {
            List<V1HTTPIngressPath> paths = rule.getHttp().getPaths();
            assertThat(paths).extracting(p -> p.getPath() + " " + p.getPathType())
                    .containsExactly("/slack/events Exact", "/sdx/notify Prefix");
            assertThat(paths).allSatisfy(p -> {
                assertThat(p.getBackend().getService().getName()).isEqualTo(FULLNAME);
                assertThat(p.getBackend().getService().getPort().getNumber()).isEqualTo(80);
            });
        }
    }

    @Test
    void ingressExposesNeitherTheManagementPortNorQuarkusPaths() {
        Rendered rendered = render(REQUIRED, INGRESS, "service: {port: 8088, managementPort: 9090}");

        V1Service service = rendered.one(V1Service.class);
        Map<Integer, String> targets = service.getSpec().getPorts().stream()
                .collect(Collectors.toMap(p -> p.getPort(), p -> p.getTargetPort().getStrValue()));
        assertThat(targets).containsOnly(Map.entry(8088, "http"), Map.entry(9090, "management"));
        for (var rule : rendered.one(V1Ingress.class).getSpec().getRules()) {
            for (V1HTTPIngressPath path : rule.getHttp().getPaths()) {
                assertThat(path.getPath()).doesNotStartWith("/q");
                assertThat(path.getBackend().getService().getPort().getName()).isNull();
                assertThat(targets.get(path.getBackend().getService().getPort().getNumber()))
                        .as("container port behind %s", path.getPath()).isEqualTo("http");
            }
        }
    }

    @Test
    void networkPolicyAdmitsOnlyTheIngressControllerAndAllowsDnsHttpsAndPostgresql() {
        V1NetworkPolicy policy = render(REQUIRED, POSTGRESQL, "networkPolicy: {enabled: true}")
                .one(V1NetworkPolicy.class);

        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsOnly(
                Map.entry("app.kubernetes.io/name", "sdx-chatops"), Map.entry("app.kubernetes.io/instance", RELEASE));

        List<V1NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
        assertThat(ingress).hasSize(2);
        // The ingress controller reaches the http port only, never the management port.
        assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/8080");
        var controller = single(ingress.get(0).getFrom());
        assertThat(controller.getNamespaceSelector().getMatchLabels())
                .containsOnly(Map.entry("kubernetes.io/metadata.name", "ingress-nginx"));
        assertThat(controller.getPodSelector().getMatchLabels())
                .containsOnly(Map.entry("app.kubernetes.io/name", "ingress-nginx"));
        // The `helm test` pod checks readiness on the management port.
        assertThat(ports(ingress.get(1).getPorts())).containsExactly("TCP/9000");
        assertThat(single(ingress.get(1).getFrom()).getNamespaceSelector()).isNull();
        assertThat(single(ingress.get(1).getFrom()).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "test")
                .containsEntry("app.kubernetes.io/instance", RELEASE);

        List<V1NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).extracting(rule -> ports(rule.getPorts()))
                .containsExactly(List.of("UDP/53", "TCP/53"), List.of("TCP/443"), List.of("TCP/5432"));
        assertThat(egress.get(1).getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("0.0.0.0/0");

        V1NetworkPolicy withoutDatabase = render(REQUIRED, "networkPolicy: {enabled: true}").one(V1NetworkPolicy.class);
        assertThat(withoutDatabase.getSpec().getEgress()).extracting(rule -> ports(rule.getPorts()))
                .containsExactly(List.of("UDP/53", "TCP/53"), List.of("TCP/443"));
    }

    @Test
    void tracingIsOffUnlessAnEndpointIsSetAndThenReachesTheCollectorThroughTheNetworkPolicy() {
        Rendered off = render(REQUIRED, "networkPolicy: {enabled: true}");
        assertThat(off.one(V1ConfigMap.class).getData()).doesNotContainKeys("OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_PROTOCOL");
        assertThat(off.one(V1NetworkPolicy.class).getSpec().getEgress()).extracting(rule -> ports(rule.getPorts()))
                .containsExactly(List.of("UDP/53", "TCP/53"), List.of("TCP/443"));

        Rendered on = render(REQUIRED,
                """
                        networkPolicy: {enabled: true}
                        tracing: {otlpEndpoint: "http://otel-collector.observability:4318", protocol: http/protobuf, collectorPort: 4318}
                        """);
        assertThat(on.one(V1ConfigMap.class).getData())
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4318")
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        assertThat(on.one(V1NetworkPolicy.class).getSpec().getEgress()).extracting(rule -> ports(rule.getPorts()))
                .containsExactly(List.of("UDP/53", "TCP/53"), List.of("TCP/443"), List.of("TCP/4318"));
        assertThat(podAnnotations(on).get("checksum/config")).as("a tracing change rolls the pods")
                .isNotEqualTo(podAnnotations(off).get("checksum/config"));
    }

    @Test
    void networkPolicyAdmitsMonitoringWhenAsked() {
        V1NetworkPolicy policy = render(REQUIRED, """
                networkPolicy:
                  enabled: true
                  metrics: {enabled: true}
                  egress: {httpsCidrs: [10.0.0.0/8, 192.0.2.0/24]}
                """).one(V1NetworkPolicy.class);

        assertThat(policy.getSpec().getIngress()).hasSize(3);
        V1NetworkPolicyIngressRule monitoring = policy.getSpec().getIngress().get(2);
        assertThat(single(monitoring.getFrom()).getNamespaceSelector().getMatchLabels())
                .containsOnly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
        // Prometheus scrapes the management port, where /q/metrics is served.
        assertThat(ports(monitoring.getPorts())).containsExactly("TCP/9000");
        assertThat(policy.getSpec().getEgress().get(1).getTo()).extracting(peer -> peer.getIpBlock().getCidr())
                .containsExactly("10.0.0.0/8", "192.0.2.0/24");
    }

    @Test
    void serviceMonitorScrapesQuarkusMetricsOnTheManagementPort() {
        Rendered rendered = render(REQUIRED, "serviceMonitor: {enabled: true, interval: 15s, labels: {release: prom}}");

        Map<String, Object> monitor = rendered.rawOfKind("ServiceMonitor");
        assertThat(monitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
        assertThat(path(monitor, "metadata", "labels")).isInstanceOf(Map.class);
        assertThat(asMap(path(monitor, "metadata", "labels"))).containsEntry("release", "prom");
        assertThat(asMap(path(monitor, "spec", "selector", "matchLabels"))).containsOnly(
                Map.entry("app.kubernetes.io/name", "sdx-chatops"), Map.entry("app.kubernetes.io/instance", RELEASE));
        List<?> endpoints = (List<?>) path(monitor, "spec", "endpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(asMap(endpoints.get(0))).containsEntry("port", "management").containsEntry("path", "/q/metrics")
                .containsEntry("interval", "15s");
        // The Service port it names leads to the container's management port (9000).
        V1Service service = rendered.one(V1Service.class);
        assertThat(service.getSpec().getPorts()).filteredOn(p -> "management".equals(p.getName())).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrValue()).isEqualTo("management"));
        assertThat(containerPorts(container(rendered))).containsEntry("management", 9000);
    }

    // ---------------------------------------------------------------- Grafana dashboard, PrometheusRule

    private static final String MONITORING = """
            grafanaDashboard: {enabled: true}
            prometheusRule: {enabled: true}
            """;
    private static final String DASHBOARD_CONFIGMAP = FULLNAME + "-dashboard";
    private static final Path DASHBOARD_FILE = CHART.resolve("dashboards").resolve("sdx-chatops.json");
    /** Store gauges: read from the shared store, the same on every replica, so never summed over pods. */
    private static final List<String> STORE_GAUGES = List.of("sdx_chatops_outbox_open",
            "sdx_chatops_outbox_oldest_age_seconds", "sdx_chatops_requests{", "sdx_chatops_approvals_expiring",
            "sdx_chatops_jobs_silent");
    /** The alerts and the values key of each. */
    private static final Map<String, String> ALERTS = Map.of("SdxChatopsDown", "down", "SdxChatopsOutboxStuck",
            "outboxStuck", "SdxChatopsSdxBreakerOpen", "sdxBreakerOpen", "SdxChatopsSlackTokenRefused",
            "slackTokenRefused", "SdxChatopsJobsSilent", "jobsSilent", "SdxChatopsApprovalsExpiring", "approvalsExpiring",
            "SdxChatopsBusy", "busy", "SdxChatopsSlackAcksLate", "slackAcksLate");

    @Test
    void dashboardAndAlertRulesAreOffByDefault() {
        Rendered rendered = render(REQUIRED);

        assertThat(rendered.kinds()).doesNotContain("PrometheusRule");
        assertThat(rendered.all(V1ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .doesNotContain(DASHBOARD_CONFIGMAP);
    }

    @Test
    void dashboardConfigMapCarriesTheSidecarLabelAndTheChartsDashboardFile() throws IOException {
        V1ConfigMap configMap = configMap(render(REQUIRED, MONITORING), DASHBOARD_CONFIGMAP);

        assertThat(configMap.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/instance", RELEASE);
        assertThat(configMap.getData()).containsOnlyKeys("sdx-chatops.json");
        JsonNode dashboard = JSON_MAPPER.readTree(configMap.getData().get("sdx-chatops.json"));
        assertThat(dashboard).isEqualTo(JSON_MAPPER.readTree(Files.readString(DASHBOARD_FILE)));
        assertThat(dashboard.path("uid").asText()).isEqualTo("sdx-chatops");
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
    }

    @Test
    void dashboardHasADatasourceVariableAndEveryPanelQueriesPrometheusForThisNamespace() throws IOException {
        JsonNode dashboard = JSON_MAPPER.readTree(Files.readString(DASHBOARD_FILE));

        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
        assertThat(variables).containsOnlyKeys("datasource", "namespace", "job", "pod");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");

        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
        List<JsonNode> queried = panels.stream().filter(p -> !"row".equals(p.path("type").asText())).toList();
        assertThat(queried).hasSizeGreaterThanOrEqualTo(25);
        for (JsonNode panel : queried) {
            String title = panel.path("title").asText();
            assertThat(title).as("a panel's title").isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as("data source of %s", title)
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("targets of %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as("a query of %s", title).contains("namespace=\"$namespace\"", "pod=~\"$pod\"");
                if (STORE_GAUGES.stream().anyMatch(expr::contains)) {
                    assertThat(expr).as("store gauges are the same on every pod: %s", title).doesNotContain("sum(",
                            "sum by");
                }
            }
        }
        assertThat(queried).extracting(p -> p.path("title").asText()).contains("Slack ack: POST /slack/events",
                "Command → approval message posted", "Decision latency p99 by outcome", "Approve → SDX receipt in thread",
                "Job status (callback or poll) → thread", "Outbox depth", "Outbox oldest entry age",
                "Open requests by state", "Approvals expiring within 15 min", "Silent jobs",
                "Slack calls by method and outcome", "Slack call latency p99 by method", "Slack 429s by method",
                "SDX calls by method and outcome", "SDX call latency p99 by method", "SDX breaker open by pod",
                "Refusals by surface and reason", "Slack token", "Memory by pod", "CPU by pod");
    }

    @Test
    void dashboardLabelsAnnotationsAndNamespaceAreConfigurable() {
        V1ConfigMap configMap = configMap(render(REQUIRED, """
                grafanaDashboard:
                  enabled: true
                  namespace: monitoring
                  sidecarLabel: example.com/dashboard
                  sidecarLabelValue: "true"
                  labels: {team: netops, example.com/dashboard: "no"}
                  annotations: {grafana_folder: Network}
                """), DASHBOARD_CONFIGMAP);

        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("example.com/dashboard", "true")
                .containsEntry("team", "netops").doesNotContainKey("grafana_dashboard");
        assertThat(configMap.getMetadata().getAnnotations()).containsExactly(Map.entry("grafana_folder", "Network"));
    }

    @Test
    void prometheusRuleHasEachAlertWithItsExpressionDurationSeverityAndRunbook() throws IOException {
        Map<String, Map<String, Object>> alerts = alerts(render(REQUIRED, MONITORING));
        String deployGuide = Files.readString(Paths.get("docs", "deploy.md"));

        assertThat(alerts).containsOnlyKeys(ALERTS.keySet());
        String release = "namespace=\"" + NAMESPACE + "\", job=\"" + FULLNAME + "\"";
        for (Map.Entry<String, Map<String, Object>> alert : alerts.entrySet()) {
            String name = alert.getKey();
            Map<String, Object> rule = alert.getValue();
            assertThat((String) rule.get("expr")).as("expr of %s", name).contains(release);
            assertThat(rule.get("for")).as("for of %s", name).isInstanceOf(String.class);
            assertThat(asMap(rule.get("labels"))).as("labels of %s", name).containsKey("severity");
            Map<String, Object> annotations = asMap(rule.get("annotations"));
            assertThat(annotations).as("annotations of %s", name).containsKeys("summary", "description")
                    .containsEntry("runbook", "docs/deploy.md#" + name.toLowerCase()).doesNotContainKey("runbook_url");
            assertThat(deployGuide).as("the runbook section of %s", name).contains("\n#### " + name + "\n");
            if (STORE_GAUGES.stream().anyMatch(((String) rule.get("expr"))::contains)) {
                assertThat((String) rule.get("expr")).as("one alert per release, not per pod: %s", name)
                        .startsWith("max by (namespace, job) (");
            }
        }
        assertThat(alerts.get("SdxChatopsOutboxStuck")).containsEntry("expr",
                "max by (namespace, job) (sdx_chatops_outbox_oldest_age_seconds{" + release + "}) > 300")
                .containsEntry("for", "2m");
        assertThat(alerts.get("SdxChatopsSdxBreakerOpen")).containsEntry("expr",
                "max by (namespace, job) (sdx_chatops_sdx_breaker_open{" + release + "}) == 1").containsEntry("for", "5m");
        assertThat((String) alerts.get("SdxChatopsSlackTokenRefused").get("expr"))
                .contains("(sdx_chatops_slack_token_valid{" + release + "}) == 0")
                .contains("increase(sdx_chatops_slack_calls_seconds_count{" + release
                        + ", outcome=~\"invalid_auth|not_authed|token_revoked|token_expired|account_inactive\"}[10m])) > 0");
        assertThat(alerts.get("SdxChatopsJobsSilent")).containsEntry("expr",
                "max by (namespace, job) (sdx_chatops_jobs_silent{" + release + "}) > 0").containsEntry("for", "15m");
        assertThat(alerts.get("SdxChatopsApprovalsExpiring")).containsEntry("expr",
                "max by (namespace, job) (sdx_chatops_approvals_expiring{" + release + "}) > 0");
        assertThat((String) alerts.get("SdxChatopsDown").get("expr")).contains("(up{" + release + "}) == 0")
                .contains("absent(up{" + release + "})");
        assertThat((String) alerts.get("SdxChatopsBusy").get("expr"))
                .contains("increase(sdx_chatops_refusals_total{" + release + ", reason=\"busy\"}[10m])) > 5");
        assertThat((String) alerts.get("SdxChatopsSlackAcksLate").get("expr"))
                .contains("increase(http_server_requests_seconds_count{" + release + ", uri=\"/slack/events\"}[10m]))")
                .contains("increase(http_server_requests_seconds_bucket{" + release
                        + ", uri=\"/slack/events\", le=\"3.0\"}[10m])))")
                .endsWith("> 0");
        assertThat(asMap(alerts.get("SdxChatopsSlackTokenRefused").get("labels"))).containsEntry("severity", "critical");
        assertThat(asMap(alerts.get("SdxChatopsApprovalsExpiring").get("labels"))).containsEntry("severity", "info");
    }

    @Test
    void eachAlertIsSwitchedOffByItsValuesKey() {
        for (Map.Entry<String, String> alert : ALERTS.entrySet()) {
            Map<String, Map<String, Object>> alerts = alerts(
                    render(REQUIRED, MONITORING, "prometheusRule: {alerts: {" + alert.getValue() + ": {enabled: false}}}"));

            assertThat(alerts).as("alerts with %s off", alert.getValue()).doesNotContainKey(alert.getKey())
                    .hasSize(ALERTS.size() - 1);
        }
    }

    @Test
    void prometheusRuleLabelsSelectorThresholdsAndRunbookLinksAreConfigurable() {
        Rendered rendered = render(REQUIRED, """
                prometheusRule:
                  enabled: true
                  labels: {release: prom}
                  alertLabels: {team: netops}
                  selector: job="sdx-chatops"
                  runbookBaseUrl: https://git.example.com/netops/sdx-chatops/blob/main/docs/deploy.md
                  alerts:
                    outboxStuck: {oldestAgeSeconds: 600, for: 10m, severity: page}
                """);

        Map<String, Object> rule = rendered.rawOfKind("PrometheusRule");
        assertThat(asMap(path(rule, "metadata", "labels"))).containsEntry("release", "prom");
        assertThat(path(rule, "metadata", "namespace")).isEqualTo(NAMESPACE);
        Map<String, Map<String, Object>> alerts = alerts(rendered);
        assertThat(alerts).containsOnlyKeys(ALERTS.keySet());
        assertThat(alerts.get("SdxChatopsOutboxStuck"))
                .containsEntry("expr",
                        "max by (namespace, job) (sdx_chatops_outbox_oldest_age_seconds{job=\"sdx-chatops\"}) > 600")
                .containsEntry("for", "10m");
        assertThat(asMap(alerts.get("SdxChatopsOutboxStuck").get("labels"))).containsOnly(Map.entry("severity", "page"),
                Map.entry("team", "netops"));
        assertThat(asMap(alerts.get("SdxChatopsOutboxStuck").get("annotations"))).containsEntry("runbook_url",
                "https://git.example.com/netops/sdx-chatops/blob/main/docs/deploy.md#sdxchatopsoutboxstuck");
        assertThat(asMap(alerts.get("SdxChatopsJobsSilent").get("labels"))).containsEntry("severity", "warning")
                .containsEntry("team", "netops");
    }

    // ---------------------------------------------------------------- policy, admins, audit export

    @Test
    void withoutAPolicyThereIsNoPolicyFileNorItsVolume() {
        Rendered rendered = render(REQUIRED);

        assertThat(rendered.all(V1ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly(FULLNAME);
        V1PodSpec pod = rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).extracting(V1Volume::getName).containsExactly("tmp", "data");
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getConfigMap()).isNull());
        assertThat(mountPaths(container(rendered))).containsOnlyKeys("tmp", "data");
        Map<String, V1EnvVar> env = environment(rendered);
        assertThat(env).doesNotContainKey("SDX_POLICY_FILE");
        // The bot's implicit rule: approvers from SDX_APPROVERS.
        assertThat(env.get("SDX_APPROVERS").getValue()).isEqualTo("U0123ABCD,S0456EFGH");
        assertThat(env.get("SDX_ADMINS").getValue()).isEmpty();
        assertThat(env.get("CHATOPS_POLICY_RELOAD_INTERVAL").getValue()).isEqualTo("10s");
    }

    @Test
    void policyIsRenderedIntoItsOwnConfigMapAndMountedAsAReadOnlyDirectory() {
        Rendered rendered = render(REQUIRED, POLICY);

        V1ConfigMap policy = configMap(rendered, POLICY_CONFIGMAP);
        assertThat(policy.getData()).containsOnlyKeys("policy.yaml");
        assertThat(policy.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "sdx-chatops")
                .containsEntry("app.kubernetes.io/instance", RELEASE)
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
        // The file says what the values say: same keys, same rules in the same order, same patterns.
        Object file = YamlLoader.load(policy.getData().get("policy.yaml"));
        assertThat(file).isEqualTo(policyOf(POLICY));
        List<?> rules = (List<?>) asMap(file).get("rules");
        assertThat(rules).extracting(rule -> asMap(rule).get("name")).containsExactly("core routers", "branches");
        assertThat(asMap(rules.get(0)).get("approvals")).isEqualTo(2);
        assertThat(asMap(rules.get(0)).get("force_backup")).isEqualTo(true);
        assertThat(asMap(rules.get(1)).get("channels")).isEqualTo(List.of("*"));
        assertThat(asMap(single((List<?>) asMap(rules.get(0)).get("deny"))).get("pattern"))
                .isEqualTo("(?i)/system\\s+reset-configuration");

        V1PodSpec pod = rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec();
        V1Volume volume = volume(pod, "policy");
        assertThat(volume.getConfigMap().getName()).isEqualTo(POLICY_CONFIGMAP);
        assertThat(volume.getConfigMap().getItems()).singleElement()
                .satisfies(item -> assertThat(item.getKey() + " -> " + item.getPath())
                        .isEqualTo("policy.yaml -> policy.yaml"));
        V1Container container = container(rendered);
        V1VolumeMount mount = mount(container, "policy");
        assertThat(mount.getMountPath()).isEqualTo(POLICY_DIR);
        // A subPath mount never sees a ConfigMap update; the bot reloads the file, so the directory is mounted.
        assertThat(mount.getSubPath()).isNull();
        assertThat(mount.getSubPathExpr()).isNull();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(environment(rendered).get("SDX_POLICY_FILE").getValue()).isEqualTo(POLICY_FILE)
                .isEqualTo(mount.getMountPath() + "/" + volume.getConfigMap().getItems().get(0).getPath());
        // The root filesystem stays read-only; the mount is the only new path.
        assertHardenedContainer(container.getSecurityContext());
        assertThat(mountPaths(container)).containsOnly(Map.entry("tmp", "/tmp"), Map.entry("data", "/data"),
                Map.entry("policy", POLICY_DIR));
    }

    @Test
    void aPolicyChangeLeavesThePodTemplateAloneSoThePodsReloadInsteadOfRestarting() {
        Rendered before = render(REQUIRED, POLICY);
        Rendered after = render(REQUIRED, POLICY, """
                policy:
                  defaults: {approvals: 2}
                  rules:
                    - name: everything
                      channels: ["*"]
                      sites: ["*"]
                      approvers: [S0LEADS]
                """);

        assertThat(configMap(after, POLICY_CONFIGMAP).getData())
                .isNotEqualTo(configMap(before, POLICY_CONFIGMAP).getData());
        assertThat(asMap(YamlLoader.load(configMap(after, POLICY_CONFIGMAP).getData().get("policy.yaml")))
                .get("rules")).asList().hasSize(1);
        assertThat(podAnnotations(after)).isEqualTo(podAnnotations(before));
        assertThat(podAnnotations(after)).allSatisfy((name, value) -> assertThat(name).doesNotContain("policy"));
        assertThat(after.one(V1Deployment.class)).as("the whole Deployment").isEqualTo(before.one(V1Deployment.class));
        assertThat(configMap(after, FULLNAME)).isEqualTo(configMap(before, FULLNAME));
        // Turning a policy file on (or off) does roll the pods: SDX_POLICY_FILE is read at start-up.
        assertThat(podAnnotations(before).get("checksum/config"))
                .isNotEqualTo(podAnnotations(render(REQUIRED)).get("checksum/config"));
    }

    @Test
    void policyExistingConfigMapIsMountedTheSameWayAndTheChartRendersNoPolicyConfigMap() {
        Rendered rendered = render(REQUIRED, "policyExistingConfigMap: netops-policy");

        assertThat(rendered.all(V1ConfigMap.class)).extracting(c -> c.getMetadata().getName())
                .containsExactly(FULLNAME);
        V1PodSpec pod = rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec();
        V1Volume volume = volume(pod, "policy");
        assertThat(volume.getConfigMap().getName()).isEqualTo("netops-policy");
        assertThat(volume.getConfigMap().getOptional()).as("a missing ConfigMap must not go unnoticed")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(volume.getConfigMap().getItems()).extracting(item -> item.getKey() + " -> " + item.getPath())
                .containsExactly("policy.yaml -> policy.yaml");
        V1VolumeMount mount = mount(container(rendered), "policy");
        assertThat(mount.getMountPath()).isEqualTo(POLICY_DIR);
        assertThat(mount.getSubPath()).isNull();
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(environment(rendered).get("SDX_POLICY_FILE").getValue()).isEqualTo(POLICY_FILE);
    }

    @Test
    void refusesPolicyTogetherWithPolicyExistingConfigMap() {
        assertThatThrownBy(() -> render(REQUIRED, POLICY, "policyExistingConfigMap: netops-policy"))
                .hasMessageContaining("policy and policyExistingConfigMap are mutually exclusive")
                .hasMessageContaining("policyExistingConfigMap is \"netops-policy\"");
    }

    @Test
    void adminsAndThePolicyReloadIntervalAreInTheConfigMap() {
        Rendered defaults = render(REQUIRED);
        Rendered rendered = render(REQUIRED, POLICY, "config: {admins: \"S0NETADMIN, U0CTO\", "
                + "policyReloadInterval: 1m30s}");

        assertThat(configMap(rendered, FULLNAME).getData()).containsEntry("SDX_ADMINS", "S0NETADMIN, U0CTO")
                .containsEntry("CHATOPS_POLICY_RELOAD_INTERVAL", "1m30s")
                .containsEntry("SDX_POLICY_FILE", POLICY_FILE);
        assertThat(configMap(defaults, FULLNAME).getData()).containsEntry("SDX_ADMINS", "")
                .containsEntry("CHATOPS_POLICY_RELOAD_INTERVAL", "10s");
        // Both are read at start-up: a change rolls the pods.
        assertThat(podAnnotations(render(REQUIRED, "config: {admins: U0CTO}")).get("checksum/config"))
                .isNotEqualTo(podAnnotations(defaults).get("checksum/config"));
        assertThat(podAnnotations(render(REQUIRED, "config: {policyReloadInterval: 30s}")).get("checksum/config"))
                .isNotEqualTo(podAnnotations(defaults).get("checksum/config"));
    }

    @Test
    void auditTokenIsInTheChartSecretAndTheEnvironmentOnlyWhenSet() {
        Rendered without = render(REQUIRED);
        assertThat(environment(without)).doesNotContainKey("SDX_AUDIT_TOKEN");
        assertThat(decoded(without.one(V1Secret.class))).doesNotContainKey("SDX_AUDIT_TOKEN");

        Rendered with = render(REQUIRED, "secrets: {auditToken: 0123456789abcdef0123456789abcdef}");
        Map<String, V1EnvVar> env = environment(with);
        assertSecretRef(env, "SDX_AUDIT_TOKEN", FULLNAME, "SDX_AUDIT_TOKEN");
        assertThat(env.get("SDX_AUDIT_TOKEN").getValueFrom().getSecretKeyRef().getOptional())
                .as("the chart's own Secret always has the key").isNotEqualTo(Boolean.TRUE);
        assertThat(decoded(with.one(V1Secret.class))).containsEntry("SDX_AUDIT_TOKEN",
                "0123456789abcdef0123456789abcdef");
        assertThat(String.join("\n", configMap(with, FULLNAME).getData().values()))
                .doesNotContain("0123456789abcdef");
        // A new token restarts the pods (the bot reads it at start-up), through the Secret's checksum.
        assertThat(podAnnotations(with).get("checksum/secret")).isNotEqualTo(podAnnotations(without)
                .get("checksum/secret"));
        assertThat(podAnnotations(with).get("checksum/config")).isEqualTo(podAnnotations(without)
                .get("checksum/config"));
    }

    @Test
    void refusesAShortOrPaddedAuditTokenWithoutPrintingIt() {
        assertThatThrownBy(() -> render(REQUIRED, "secrets: {auditToken: sh0rt-t0ken}"))
                .hasMessageContaining("at '/secrets/auditToken'").hasMessageContaining("minLength: got 11, want 16")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sh0rt-t0ken"));
        // A trailing newline (a token read from a file) could never match the Authorization header.
        assertThatThrownBy(() -> render(REQUIRED, "secrets: {auditToken: \"0123456789abcdef0123\\n\"}"))
                .hasMessageContaining("secrets.auditToken starts or ends with whitespace")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("0123456789abcdef0123"));
        assertThatThrownBy(() -> render(REQUIRED, "secrets: {auditToken: \" 0123456789abcdef0123\"}"))
                .hasMessageContaining("secrets.auditToken starts or ends with whitespace");
    }

    @Test
    void existingSecretProvidesTheAuditTokenUnderItsConfiguredKeyOrNotAtAll() {
        String existing = """
                config:
                  publicUrl: https://chatops.example.com
                existingSecret: chatops-credentials
                """;

        Map<String, V1EnvVar> byDefault = environment(render(existing));
        assertSecretRef(byDefault, "SDX_AUDIT_TOKEN", "chatops-credentials", "SDX_AUDIT_TOKEN");
        // Optional: an existing Secret made before the audit export (without the key) still starts the pod.
        assertThat(byDefault.get("SDX_AUDIT_TOKEN").getValueFrom().getSecretKeyRef().getOptional()).isTrue();

        Map<String, V1EnvVar> renamed = environment(render(existing, "existingSecretKeys: {auditToken: audit-token}"));
        assertSecretRef(renamed, "SDX_AUDIT_TOKEN", "chatops-credentials", "audit-token");

        Rendered none = render(existing, "existingSecretKeys: {auditToken: \"\"}",
                "secrets: {auditToken: 0123456789abcdef0123456789abcdef}");
        assertThat(environment(none)).doesNotContainKey("SDX_AUDIT_TOKEN")
                .containsKeys(APPLICATION_ENV.toArray(String[]::new));
        assertThat(none.all(V1Secret.class)).isEmpty();
    }

    @Test
    void notesDescribeThePolicyAndTheAuditExport() {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly()
                .withValuesFile(values(REQUIRED)).withValuesFile(values(POLICY))
                .withValuesFile(values("secrets: {auditToken: 0123456789abcdef0123456789abcdef}"));

        String notes = install.call().getOutput();

        assertThat(notes).contains("Policy (SDX_POLICY_FILE=" + POLICY_FILE + "): ConfigMap " + POLICY_CONFIGMAP)
                .contains("config.approvers is not used")
                .contains("Admins: the policy's admins key: S0NETADMIN (config.admins is not used)")
                .contains("curl -H \"Authorization: Bearer $TOKEN\" \"http://" + FULLNAME + "." + NAMESPACE
                        + ".svc:9000/audit/events?since=")
                .doesNotContain("NONE SET", "0123456789abcdef");
    }

    // ---------------------------------------------------------------- logs

    @Test
    void logsAreJsonByDefaultAndPlainTextWhenSwitchedOff() {
        Rendered json = render(REQUIRED);
        Rendered plain = render(REQUIRED, "logging: {json: false}");

        assertThat(environment(json).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("true");
        // Set explicitly, so that false also overrides the images' own QUARKUS_LOG_CONSOLE_JSON_ENABLED=true.
        assertThat(environment(plain).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("false");
        assertThat(podAnnotations(plain).get("checksum/config")).as("pods roll when the log format changes")
                .isNotEqualTo(podAnnotations(json).get("checksum/config"));
        Rendered jvm = renderFiles(List.of(values(REQUIRED), CHART.resolve("values-jvm.yaml")));
        assertThat(environment(jvm).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("true");
    }

    // ---------------------------------------------------------------- schema, checksums, overlays, hooks

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("replicaCount: \"two\"", "at '/replicaCount': got string, want integer"),
                Arguments.of("replicas: 2", "at '': additional properties 'replicas' not allowed"),
                Arguments.of("image: {pullPolicy: Sometimes}",
                        "at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'"),
                Arguments.of("ingress: {path: /}", "at '/ingress': additional properties 'path' not allowed"),
                Arguments.of("service: {port: 0}", "at '/service/port': minimum: got 0, want 1"),
                Arguments.of("postgresql: {url: \"postgres://db/sdx\"}", "at '/postgresql/url'"),
                Arguments.of("podSecurityContext: {runAsUser: -1}",
                        "at '/podSecurityContext/runAsUser': minimum: got -1, want 0"),
                Arguments.of("logging: {json: \"yes\"}", "at '/logging/json': got string, want boolean"),
                Arguments.of("sandbox: \"true\"", "at '/sandbox': got string, want boolean"),
                Arguments.of("logging: {format: json}", "at '/logging': additional properties 'format' not allowed"),
                Arguments.of("service: {managementPort: 70000}",
                        "at '/service/managementPort': maximum: got 70,000, want 65,535"),
                Arguments.of("config: {admins: \"#netops\"}", "at '/config/admins'"),
                Arguments.of("config: {admins: \"U0CTO;S0LEADS\"}", "at '/config/admins'"),
                Arguments.of("config: {policyReloadInterval: \"10\"}", "at '/config/policyReloadInterval'"),
                Arguments.of("config: {policyReloadInterval: 0s}", "at '/config/policyReloadInterval'"),
                Arguments.of("config: {policyReloadInterval: 10 seconds}", "at '/config/policyReloadInterval'"),
                Arguments.of("policy: {admins: [S0NETADMIN]}", "at '/policy': missing property 'rules'"),
                Arguments.of("policy: {rules: []}", "at '/policy/rules': minItems: got 0, want 1"),
                Arguments.of("policy: {rules: core}", "at '/policy/rules': got string, want array"),
                Arguments.of("policy: {rule: [{name: x}], rules: [{name: y}]}",
                        "at '/policy': additional properties 'rule' not allowed"),
                Arguments.of("policy: {admins: [\"#netops\"], rules: [{name: y}]}", "at '/policy/admins/0'"),
                Arguments.of("policy: \"rules: []\"", "at '/policy': got string, want object"),
                Arguments.of("policyExistingConfigMap: Netops_Policy", "at '/policyExistingConfigMap'"),
                Arguments.of("secrets: {auditToken: short}", "at '/secrets/auditToken': minLength: got 5, want 16"),
                Arguments.of("existingSecretKeys: {auditToken: 7}",
                        "at '/existingSecretKeys/auditToken': got number, want string"),
                Arguments.of("grafanaDashboard: {enabled: \"yes\"}",
                        "at '/grafanaDashboard/enabled': got string, want boolean"),
                Arguments.of("grafanaDashboard: {sidecarLabelValue: 1}",
                        "at '/grafanaDashboard/sidecarLabelValue': got number, want string"),
                Arguments.of("grafanaDashboard: {sidecarLabel: \"grafana dashboard\"}", "at '/grafanaDashboard/sidecarLabel'"),
                Arguments.of("grafanaDashboard: {namespace: Monitoring}", "at '/grafanaDashboard/namespace'"),
                Arguments.of("grafanaDashboard: {labels: {team: 7}}",
                        "at '/grafanaDashboard/labels/team': got number, want string"),
                Arguments.of("grafanaDashboard: {folder: Network}",
                        "at '/grafanaDashboard': additional properties 'folder' not allowed"),
                Arguments.of("prometheusRule: {enabled: 1}", "at '/prometheusRule/enabled': got number, want boolean"),
                Arguments.of("prometheusRule: {labels: [release]}", "at '/prometheusRule/labels': got array, want object"),
                Arguments.of("prometheusRule: {alertLabels: {severity: page}}", "invalid propertyName 'severity'"),
                Arguments.of("prometheusRule: {selector: \"{job=\\\"x\\\"}\"}", "at '/prometheusRule/selector'"),
                Arguments.of("prometheusRule: {runbookBaseUrl: docs/deploy.md}", "at '/prometheusRule/runbookBaseUrl'"),
                Arguments.of("prometheusRule: {alerts: {outboxStuck: {oldestAgeSeconds: 5m}}}",
                        "at '/prometheusRule/alerts/outboxStuck/oldestAgeSeconds': got string, want integer"),
                Arguments.of("prometheusRule: {alerts: {down: {for: 5 minutes}}}", "at '/prometheusRule/alerts/down/for'"),
                Arguments.of("prometheusRule: {alerts: {down: {window: 5m}}}",
                        "at '/prometheusRule/alerts/down': additional properties 'window' not allowed"),
                Arguments.of("prometheusRule: {alerts: {busy: {threshold: -1}}}",
                        "at '/prometheusRule/alerts/busy/threshold': minimum: got -1, want 0"),
                Arguments.of("tracing: {otlpEndpoint: otel-collector:4317}", "at '/tracing/otlpEndpoint'"),
                Arguments.of("tracing: {protocol: http/json}", "at '/tracing/protocol'"),
                Arguments.of("tracing: {collectorPort: 0}", "at '/tracing/collectorPort': minimum: got 0, want 1"),
                Arguments.of("prometheusRule: {alerts: {jobSilent: {enabled: false}}}",
                        "at '/prometheusRule/alerts': additional properties 'jobSilent' not allowed"));
    }

    @ParameterizedTest(name = "rejects {0}")
    @MethodSource("badValues")
    void schemaRejectsBadValues(String values, String expectedMessage) {
        assertThatThrownBy(() -> render(REQUIRED, values))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void checksumAnnotationChangesWhenAConfigValueChanges() {
        Map<String, String> before = podAnnotations(render(REQUIRED));
        Map<String, String> otherApprovers = podAnnotations(render(REQUIRED, "config: {approvers: U0999ZZZZ}"));
        Map<String, String> otherToken = podAnnotations(render(REQUIRED, "secrets: {sdxApiToken: rotated}"));

        assertThat(before.get("checksum/config")).matches("[0-9a-f]{64}");
        assertThat(otherApprovers.get("checksum/config")).isNotEqualTo(before.get("checksum/config"));
        assertThat(otherApprovers.get("checksum/secret")).isEqualTo(before.get("checksum/secret"));
        assertThat(otherToken.get("checksum/secret")).isNotEqualTo(before.get("checksum/secret"));
        assertThat(otherToken.get("checksum/config")).isEqualTo(before.get("checksum/config"));
        assertThat(podAnnotations(render(REQUIRED))).isEqualTo(before);
    }

    private static String imageJavaOptions() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"")
                    .matcher(Files.readString(Paths.get("src", "main", "docker", "Dockerfile.jvm")));
            assertThat(m.find()).as("Dockerfile.jvm sets JAVA_TOOL_OPTIONS").isTrue();
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void jvmOverlayRunsTheJvmImageWithMoreMemory() {
        Rendered rendered = renderFiles(List.of(values(REQUIRED), CHART.resolve("values-jvm.yaml")));

        V1Container container = container(rendered);
        assertThat(container.getImage()).isEqualTo("ghcr.io/example/sdx-chatops-jvm:" + APP_VERSION);
        assertThat(container.getResources().getLimits().get("memory").toSuffixedString()).isEqualTo("768Mi");
        assertThat(container.getResources().getRequests().get("memory").toSuffixedString()).isEqualTo("384Mi");
        assertThat(environment(rendered).get("JAVA_TOOL_OPTIONS").getValue())
                .as("the overlay sets the image's own JVM options (src/main/docker/Dockerfile.jvm)")
                .isEqualTo(imageJavaOptions()).contains("-XX:MaxRAMPercentage=", "-XX:+UseSerialGC");
        assertThat(environment(rendered)).containsKeys(APPLICATION_ENV.toArray(String[]::new));
        assertHardenedContainer(container.getSecurityContext());

        Rendered tagged = renderFiles(List.of(values(REQUIRED), values("image: {tag: \"1.2.3\"}"),
                CHART.resolve("values-jvm.yaml")));
        assertThat(container(tagged).getImage()).as("the overlay keeps the operator's tag")
                .isEqualTo("ghcr.io/example/sdx-chatops-jvm:1.2.3");
    }

    @Test
    void documentedSqliteExampleRendersOneReplicaWithAKeptVolume() {
        Rendered rendered = renderFiles(List.of(Paths.get("helm", "examples", "sqlite.yaml")));

        assertThat(rendered.one(V1Deployment.class).getSpec().getReplicas()).isEqualTo(1);
        assertThat(rendered.one(V1PersistentVolumeClaim.class).getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep");
        assertThat(rendered.all(V1Secret.class)).isEmpty();
        assertThat(rendered.one(V1ConfigMap.class).getData())
                .containsEntry("SDX_PUBLIC_URL", "https://chatops.example.com");
        assertThat(container(rendered).getImage()).isEqualTo("registry.example.com/netops/sdx-chatops:0.1.0");
    }

    @Test
    void documentedPostgresqlExampleRendersAnAutoscaledSpreadDeployment() {
        Rendered rendered = renderFiles(List.of(Paths.get("helm", "examples", "postgresql.yaml")));

        assertThat(rendered.kinds()).contains("HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                "Ingress").doesNotContain("PersistentVolumeClaim", "Secret");
        assertThat(rendered.one(V2HorizontalPodAutoscaler.class).getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(rendered.one(V1PodDisruptionBudget.class).getSpec().getMinAvailable().getIntValue()).isEqualTo(2);
        assertThat(rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .hasSize(1);
        assertSecretRef(environment(rendered), "SDX_DB_PASSWORD", "sdx-chatops-credentials", "SDX_DB_PASSWORD");
    }

    @Test
    void documentedPolicyExampleAddsThePolicyFileAndTheAuditTokenToEitherExample() {
        for (String base : List.of("sqlite.yaml", "postgresql.yaml")) {
            Rendered rendered = renderFiles(List.of(Paths.get("helm", "examples", base),
                    Paths.get("helm", "examples", "policy.yaml")));

            Map<String, Object> file = asMap(
                    YamlLoader.load(configMap(rendered, POLICY_CONFIGMAP).getData().get("policy.yaml")));
            assertThat((List<?>) file.get("rules")).as(base).extracting(rule -> asMap(rule).get("name"))
                    .containsExactly("core routers", "branches");
            assertThat(mount(container(rendered), "policy").getMountPath()).isEqualTo(POLICY_DIR);
            Map<String, V1EnvVar> env = environment(rendered);
            assertThat(env.get("SDX_POLICY_FILE").getValue()).isEqualTo(POLICY_FILE);
            assertThat(env.get("SDX_ADMINS").getValue()).isEqualTo("S0NETADMIN");
            assertThat(env.get("SDX_APPROVERS").getValue()).isEmpty();
            assertSecretRef(env, "SDX_AUDIT_TOKEN", "sdx-chatops-credentials", "SDX_AUDIT_TOKEN");
        }
    }

    @Test
    void testHookPodIsHardenedAndChecksReadinessOnTheServiceManagementPort() throws IOException {
        Path hook = CHART.resolve("templates/tests/test-connection.yaml");
        assertThat(Files.readString(hook)).contains("helm.sh/hook: test");

        // `helm template` leaves hooks out: render a copy of the chart without the hook annotation.
        Path copy = tmp.resolve("chart-copy");
        copyTree(CHART, copy);
        Path copiedHook = copy.resolve("templates/tests/test-connection.yaml");
        Files.writeString(copiedHook, Files.readAllLines(copiedHook).stream()
                .filter(line -> !line.contains("helm.sh/hook")).collect(Collectors.joining("\n")));

        V1Pod pod = renderChart(copy, List.of(values(REQUIRED))).one(V1Pod.class);
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertHardenedPod(pod.getSpec().getSecurityContext());
        V1Container container = single(pod.getSpec().getContainers());
        assertHardenedContainer(container.getSecurityContext());
        assertThat(container.getArgs()).contains("http://" + FULLNAME + ":9000/q/health/ready");
        // Never selected by the bot's Service.
        assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "test")
                .doesNotContainEntry("app.kubernetes.io/name", "sdx-chatops");
    }

    @Test
    void notesTellTheOperatorWhichUrlsToPasteIntoSlackAndWhereSdxCallsBack() {
        // `helm template` does not print NOTES.txt; a client-only dry-run install does, without a cluster.
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly()
                .withValuesFile(values(REQUIRED)).withValuesFile(values("config: {publicUrl: \"\", approvers: \"\"}"))
                .withValuesFile(values(INGRESS));

        String notes = install.call().getOutput();

        assertThat(notes).contains("Slash command /sdx → Request URL:          https://chatops.example.com/slack/events")
                .contains("Interactivity & Shortcuts → Request URL:   https://chatops.example.com/slack/events")
                .contains("https://chatops.example.com/sdx/notify/<token>")
                .contains("NONE SET — nobody can approve");
    }

    // ---------------------------------------------------------------- assertions

    private static void assertHardenedPod(V1PodSecurityContext context) {
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getRunAsUser()).isEqualTo(1001L);
        assertThat(context.getRunAsGroup()).isEqualTo(1001L);
        assertThat(context.getFsGroup()).isEqualTo(1001L);
        assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    private static void assertHardenedContainer(V1SecurityContext context) {
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getRunAsNonRoot()).isTrue();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }

    private static void assertSecretRef(Map<String, V1EnvVar> env, String name, String secret, String key) {
        V1EnvVar variable = env.get(name);
        assertThat(variable).as(name).isNotNull();
        assertThat(variable.getValue()).as("%s must not be a literal value", name).isNull();
        V1SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
        assertThat(ref).as("%s comes from a secretKeyRef", name).isNotNull();
        assertThat(ref.getName()).as("secret of %s", name).isEqualTo(secret);
        assertThat(ref.getKey()).as("key of %s", name).isEqualTo(key);
    }

    // ---------------------------------------------------------------- accessors

    private static V1Container container(Rendered rendered) {
        return single(rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec().getContainers());
    }

    /**
     * The container's environment as the application sees it: the ConfigMap pulled in by envFrom (the chart's
     * own, {@value #FULLNAME}), then the explicit env entries (which win, as in Kubernetes).
     */
    private static Map<String, V1EnvVar> environment(Rendered rendered) {
        V1Container container = container(rendered);
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(FULLNAME));
        V1ConfigMap configMap = configMap(rendered, FULLNAME);
        Map<String, V1EnvVar> env = new LinkedHashMap<>();
        configMap.getData().forEach((name, value) -> env.put(name, new V1EnvVar().name(name).value(value)));
        for (V1EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable);
        }
        return env;
    }

    /** The rendered ConfigMap of that name; exactly one must exist. */
    private static V1ConfigMap configMap(Rendered rendered, String name) {
        List<V1ConfigMap> named = rendered.all(V1ConfigMap.class).stream()
                .filter(c -> name.equals(c.getMetadata().getName())).toList();
        assertThat(named).as("rendered ConfigMaps named %s", name).hasSize(1);
        return named.get(0);
    }

    /** The rendered PrometheusRule's alerts by name. */
    private static Map<String, Map<String, Object>> alerts(Rendered rendered) {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : (List<?>) path(rendered.rawOfKind("PrometheusRule"), "spec", "groups")) {
            for (Object rule : (List<?>) asMap(group).get("rules")) {
                Map<String, Object> alert = asMap(rule);
                assertThat(alerts.put((String) alert.get("alert"), alert)).as("alert %s twice", alert.get("alert")).isNull();
            }
        }
        return alerts;
    }

    /** The values document's `policy` object, as SnakeYAML reads it. */
    private static Map<String, Object> policyOf(String valuesYaml) {
        return asMap(asMap(YamlLoader.load(valuesYaml)).get("policy"));
    }

    /** The container's ports by name, in order. */
    private static Map<String, Integer> containerPorts(V1Container container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
        return ports;
    }

    private static Map<String, String> podAnnotations(Rendered rendered) {
        return rendered.one(V1Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static Map<String, String> decoded(V1Secret secret) {
        Map<String, String> decoded = new LinkedHashMap<>();
        secret.getData().forEach((key, value) -> decoded.put(key, new String(value, StandardCharsets.UTF_8)));
        return decoded;
    }

    private static Map<String, String> mountPaths(V1Container container) {
        return container.getVolumeMounts().stream()
                .collect(Collectors.toMap(m -> m.getName(), m -> m.getMountPath()));
    }

    private static V1VolumeMount mount(V1Container container, String name) {
        return single(container.getVolumeMounts().stream().filter(m -> m.getName().equals(name)).toList());
    }

    private static V1Volume volume(V1PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static List<String> ports(List<V1NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getProtocol() + "/"
                + (p.getPort().isInteger() ? String.valueOf(p.getPort().getIntValue()) : p.getPort().getStrValue()))
                .toList();
    }

    private static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            current = asMap(current).get(key);
        }
        return current;
    }

    // ---------------------------------------------------------------- rendering

    private Path values(String yaml) {
        try {
            Path file = tmp.resolve("values-" + (++valuesFiles) + ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renders the chart with the given values documents, later ones overriding earlier ones like -f does. */
    private Rendered render(String... valuesYaml) {
        return renderFiles(Stream.of(valuesYaml).map(this::values).toList());
    }

    private Rendered renderFiles(List<Path> valuesFiles) {
        return renderChart(CHART, valuesFiles);
    }

    private static Rendered renderChart(Path chart, List<Path> valuesFiles) {
        return Rendered.parse(HelmChart.template(chart, valuesFiles));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** The objects of one rendering, each parsed strictly by its Kubernetes model. */
    private static final class Rendered {

        /** Strict parsers by apiVersion/kind; a kind missing here fails the test. */
        private static final Map<String, StrictParser> PARSERS = Map.ofEntries(
                Map.entry("v1/ServiceAccount", V1ServiceAccount::fromJson),
                Map.entry("v1/Secret", V1Secret::fromJson),
                Map.entry("v1/ConfigMap", V1ConfigMap::fromJson),
                Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim::fromJson),
                Map.entry("v1/Service", V1Service::fromJson),
                Map.entry("v1/Pod", V1Pod::fromJson),
                Map.entry("apps/v1/Deployment", V1Deployment::fromJson),
                Map.entry("networking.k8s.io/v1/Ingress", V1Ingress::fromJson),
                Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::fromJson),
                Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson),
                Map.entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::fromJson));

        final List<Map<String, Object>> raw = new ArrayList<>();
        final List<Object> typed = new ArrayList<>();

        static Rendered parse(String manifests) {
            Rendered rendered = new Rendered();
            for (String document : manifests.split("(?m)^---\\s*$")) {
                Object loaded = YamlLoader.load(document);
                if (loaded == null) {
                    continue; // an empty document, e.g. only a "# Source:" comment
                }
                assertThat(loaded).as("rendered document is a mapping:%n%s", document).isInstanceOf(Map.class);
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) loaded;
                String type = object.get("apiVersion") + "/" + object.get("kind");
                if (type.equals("monitoring.coreos.com/v1/ServiceMonitor")
                        || type.equals("monitoring.coreos.com/v1/PrometheusRule")) {
                    // CRDs: no official model; their fields are asserted from the raw map.
                    assertThat(object).containsKeys("metadata", "spec");
                } else {
                    StrictParser parser = PARSERS.get(type);
                    if (parser == null) {
                        fail("unexpected object %s in:%n%s", type, document);
                    }
                    try {
                        rendered.typed.add(parser.parse(JSON.serialize(object)));
                    } catch (IOException | RuntimeException e) {
                        fail("%s does not match the Kubernetes schema: %s%n%s", type, e.getMessage(), document);
                    }
                }
                rendered.raw.add(object);
            }
            return rendered;
        }

        Set<String> kinds() {
            return raw.stream().map(o -> (String) o.get("kind")).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        <T> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T> T one(Class<T> type) {
            List<T> all = all(type);
            assertThat(all).as("rendered %s objects", type.getSimpleName()).hasSize(1);
            return all.get(0);
        }

        Map<String, Object> rawOfKind(String kind) {
            List<Map<String, Object>> matches = raw.stream().filter(o -> kind.equals(o.get("kind"))).toList();
            assertThat(matches).as("rendered %s objects", kind).hasSize(1);
            return matches.get(0);
        }
    }

    @FunctionalInterface
    private interface StrictParser {
        Object parse(String json) throws IOException;
    }

    /**
     * Loads one YAML document with SnakeYAML. The project declares no YAML library for tests, so this uses
     * {@code org.yaml.snakeyaml} when present and otherwise the copy shaded into wiremock-standalone (a test
     * dependency of this project). Adding {@code org.yaml:snakeyaml} with test scope to the pom makes the
     * first branch win and removes the dependency on WireMock's packaging.
     */
    private static final class YamlLoader {

        private static final List<String> CANDIDATES = List.of("org.yaml.snakeyaml.Yaml",
                "wiremock.org.yaml.snakeyaml.Yaml");

        static Object load(String document) {
            for (String className : CANDIDATES) {
                try {
                    Class<?> yaml = Class.forName(className);
                    Object parser = yaml.getConstructor().newInstance();
                    return yaml.getMethod("load", String.class).invoke(parser, document);
                } catch (ClassNotFoundException e) {
                    // try the next candidate
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot parse YAML with " + className + ": " + e.getCause(), e);
                }
            }
            throw new IllegalStateException("no SnakeYAML on the test classpath; add org.yaml:snakeyaml (test scope)");
        }
    }
}
