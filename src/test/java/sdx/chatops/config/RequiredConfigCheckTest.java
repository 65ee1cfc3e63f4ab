package sdx.chatops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import sdx.chatops.testing.LogCapture;
import sdx.chatops.testing.TestConfig;

class RequiredConfigCheckTest {

    private static final Map<String, String> ALL_SET = Map.of(
            "botToken", "xoxb-1", "signingSecret", "secret", "apiToken", "alto_sk_1", "publicUrl", "https://bot.example");

    /** A {@link ChatopsConfig} whose required values (and the app token) come from {@code values}; absent keys are empty. */
    private static ChatopsConfig config(Map<String, String> values) {
        Object slack = proxy(ChatopsConfig.Slack.class, values);
        Object sdx = proxy(ChatopsConfig.Sdx.class, values);
        return (ChatopsConfig) Proxy.newProxyInstance(ChatopsConfig.class.getClassLoader(),
                new Class<?>[] { ChatopsConfig.class },
                (p, method, args) -> switch (method.getName()) {
                    case "slack" -> slack;
                    case "sdx" -> sdx;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object proxy(Class<?> type, Map<String, String> values) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (p, method, args) -> switch (method.getName()) {
                    case "botToken", "signingSecret", "apiToken", "publicUrl", "appToken" -> Optional
                            .ofNullable(values.get(method.getName()));
                    case "sandbox" -> Boolean.parseBoolean(values.get("sandbox"));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void everyMissingVariableIsNamedInOrder() {
        assertThat(RequiredConfigCheck.missing(config(Map.of())))
                .containsExactly("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SDX_API_TOKEN");
    }

    @Test
    void blankValuesCountAsMissing() {
        assertThat(RequiredConfigCheck.missing(config(Map.of(
                "botToken", "", "signingSecret", "  ", "apiToken", "\t"))))
                        .containsExactly("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SDX_API_TOKEN");
    }

    @Test
    void onlyTheMissingOnesAreNamed() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("botToken", "xoxb-1", "publicUrl", "https://bot.example"))))
                .containsExactly("SLACK_SIGNING_SECRET", "SDX_API_TOKEN");
    }

    @Test
    void publicUrlIsOptionalBecauseTheBotCanPollInstead() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("botToken", "xoxb-1", "signingSecret", "s", "apiToken", "k"))))
                .isEmpty();
    }

    @Test
    void sandboxNeedsNoSdxApiToken() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("botToken", "xoxb-1", "signingSecret", "s", "sandbox", "true"))))
                .isEmpty();
    }

    @Test
    void sandboxStillNeedsTheSlackCredentials() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("sandbox", "true"))))
                .containsExactly("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET");
    }

    @Test
    void sandboxOffStillNeedsTheSdxApiToken() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("botToken", "xoxb-1", "signingSecret", "s", "sandbox", "false"))))
                .containsExactly("SDX_API_TOKEN");
    }

    @Test
    void startUpWithoutSdxApiTokenInSandboxModeLogsThatItIsASandbox() {
        LogCapture log = LogCapture.install();
        int mark = log.mark();

        new RequiredConfigCheck().onStart(null, TestConfig.chatops(Map.of("chatops.slack.bot-token", "xoxb-1",
                "chatops.slack.signing-secret", "s", "chatops.sdx.sandbox", "true", "chatops.sdx.approvers", "U0123ABCD")));

        assertThat(log.since(mark)).filteredOn(line -> line.level().intValue() >= Level.WARNING.intValue())
                .anySatisfy(line -> assertThat(line.message()).contains("SANDBOX MODE", "SDX_SANDBOX=true",
                        "nothing reaches a router", "SDX_API_TOKEN", "not used"));
    }

    @Test
    void liveStartUpSaysNothingAboutASandbox() {
        LogCapture log = LogCapture.install();
        int mark = log.mark();

        new RequiredConfigCheck().onStart(null, TestConfig.chatops(Map.of("chatops.slack.bot-token", "xoxb-1",
                "chatops.slack.signing-secret", "s", "chatops.sdx.api-token", "alto_sk_1")));

        assertThat(log.textSince(mark)).doesNotContainIgnoringCase("sandbox");
    }

    @Test
    void nothingIsMissingWhenAllAreSet() {
        assertThat(RequiredConfigCheck.missing(config(ALL_SET))).isEmpty();
    }

    @Test
    void socketModeNeedsNoSigningSecretButStillTheBotToken() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("appToken", "xapp-1-A0SDX-1-abc", "apiToken", "k"))))
                .containsExactly("SLACK_BOT_TOKEN");
        assertThat(RequiredConfigCheck.missing(config(Map.of("appToken", "xapp-1-A0SDX-1-abc", "botToken", "xoxb-1",
                "apiToken", "k")))).isEmpty();
    }

    @Test
    void blankAppTokenMeansHttpModeWhereTheSigningSecretIsRequired() {
        assertThat(RequiredConfigCheck.missing(config(Map.of("appToken", " ", "botToken", "xoxb-1", "apiToken", "k"))))
                .containsExactly("SLACK_SIGNING_SECRET");
        assertThat(RequiredConfigCheck.malformed(config(Map.of("appToken", " ")))).isEmpty();
    }

    @Test
    void appTokenThatIsNotAnAppLevelTokenStopsStartUpNamingTheVariableButNotTheValue() {
        for (String wrong : new String[] { "xoxb-1-bot-token", "secret", "XAPP-1-upper" }) {
            assertThat(RequiredConfigCheck.malformed(config(Map.of("appToken", wrong)))).as(wrong).hasValueSatisfying(
                    message -> assertThat(message).contains("SLACK_APP_TOKEN").contains("xapp-").doesNotContain(wrong));
        }
        assertThat(RequiredConfigCheck.malformed(config(Map.of("appToken", "xapp-1-A0SDX-1-abc")))).isEmpty();
        assertThat(RequiredConfigCheck.malformed(config(Map.of()))).isEmpty();
    }
}
